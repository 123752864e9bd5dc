import type { Kysely } from 'kysely';
import type { SessionPolicy } from '../domain/session-expiry.js';
import { deleteExpiredSessions } from '../store/accounts.js';
import type { Database } from '../store/schema.js';

/**
 * Expired sessions are refused when used; this job also removes them from the table, so a
 * stolen-but-expired cookie hash does not linger. Runs every few minutes while the server runs.
 */
export function startSessionSweeper(
  db: Kysely<Database>,
  policy: SessionPolicy,
  onError: (error: unknown) => void,
  everyMs = 5 * 60_000,
): () => void {
  const timer = setInterval(() => {
    deleteExpiredSessions(db, new Date(), policy).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
