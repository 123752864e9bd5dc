/**
 * Server-side login sessions end after a quiet spell (a shared clinic workstation left open)
 * and after an absolute lifetime, whichever comes first (OWASP session management).
 */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export type SessionVerdict = 'active' | 'idle_expired' | 'absolute_expired';

export function sessionVerdict(session: SessionTimes, now: Date, policy: SessionPolicy): SessionVerdict {
  if (now.getTime() - session.createdAt.getTime() >= policy.absoluteHours * 3_600_000)
    return 'absolute_expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleMinutes * 60_000) return 'idle_expired';
  return 'active';
}

/** Touching the session on every request would make every read a write; once a minute is enough. */
export function shouldTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= 60_000;
}
