/**
 * Temporary lockout after repeated failed logins (OWASP ASVS 2.2.1): slows password guessing
 * against one account without locking a user out for good.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

export interface LoginState {
  failedCount: number;
  lastFailedAt: Date | null;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The account's state after one more failed attempt. */
export function afterFailedLogin(
  state: LoginState,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): LoginState {
  const windowStart = now.getTime() - policy.windowMinutes * 60_000;
  const recent = state.lastFailedAt !== null && state.lastFailedAt.getTime() >= windowStart;
  const failedCount = (recent ? state.failedCount : 0) + 1;
  const lockedUntil =
    failedCount >= policy.maxFailures
      ? new Date(now.getTime() + policy.lockMinutes * 60_000)
      : state.lockedUntil;
  return { failedCount: failedCount >= policy.maxFailures ? 0 : failedCount, lastFailedAt: now, lockedUntil };
}

export function afterSuccessfulLogin(): LoginState {
  return { failedCount: 0, lastFailedAt: null, lockedUntil: null };
}
