import { describe, expect, it } from 'vitest';
import { sessionVerdict, shouldTouch } from './session-expiry.js';

const policy = { idleMinutes: 30, absoluteHours: 12 };
const t0 = new Date('2026-03-01T07:00:00Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('session expiry', () => {
  it.each([
    [{ createdAt: t0, lastSeenAt: t0 }, plus(29), 'active'],
    [{ createdAt: t0, lastSeenAt: t0 }, plus(30), 'idle_expired'],
    [{ createdAt: t0, lastSeenAt: plus(700) }, plus(719), 'active'],
    [{ createdAt: t0, lastSeenAt: plus(710) }, plus(720), 'absolute_expired'],
  ] as const)('%o at %s is %s', (session, now, verdict) => {
    expect(sessionVerdict(session, now, policy)).toBe(verdict);
  });

  it('touches the session at most once a minute', () => {
    expect(shouldTouch({ createdAt: t0, lastSeenAt: t0 }, plus(0.5))).toBe(false);
    expect(shouldTouch({ createdAt: t0, lastSeenAt: t0 }, plus(1))).toBe(true);
  });
});
