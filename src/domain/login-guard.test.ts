import { describe, expect, it } from 'vitest';
import { afterFailedLogin, DEFAULT_LOCKOUT, isLocked, type LoginState } from './login-guard.js';

const fresh: LoginState = { failedCount: 0, lastFailedAt: null, lockedUntil: null };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 8, 0) + minutes * 60_000);

function failTimes(n: number, spacingMinutes = 0): LoginState {
  let state = fresh;
  for (let i = 0; i < n; i += 1) state = afterFailedLogin(state, at(i * spacingMinutes));
  return state;
}

describe('login lockout', () => {
  it('does not lock after four failures', () => {
    expect(isLocked(failTimes(4), at(0))).toBe(false);
  });

  it('locks for 15 minutes on the fifth failure within the window', () => {
    const state = failTimes(5);
    expect(isLocked(state, at(14))).toBe(true);
    expect(isLocked(state, at(DEFAULT_LOCKOUT.lockMinutes))).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const state = failTimes(5, 16);
    expect(isLocked(state, at(64))).toBe(false);
    expect(state.failedCount).toBe(1);
  });
});
