import { type Kysely, sql, type Transaction } from 'kysely';
import type { SessionEvent, SessionState } from '../domain/session/state.js';
import type { TimeoutEntry, TimeoutItem } from '../domain/session/timeout.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface TransitionRow {
  seq: number;
  event: SessionEvent;
  from: SessionState;
  to: SessionState;
  reason: string | null;
  actorName: string;
  actorRole: string;
  at: Date;
}

export async function listTransitions(db: Db, clinicId: string, sessionId: string): Promise<TransitionRow[]> {
  const rows = await db
    .selectFrom('session_transition as t')
    .innerJoin('app_user as u', 'u.id', 't.actor_user_id')
    .select([
      't.seq',
      't.event',
      't.from_state',
      't.to_state',
      't.reason',
      't.actor_role',
      't.at',
      'u.display_name',
    ])
    .where('t.clinic_id', '=', clinicId)
    .where('t.session_id', '=', sessionId)
    .orderBy('t.seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    event: r.event as SessionEvent,
    from: r.from_state as SessionState,
    to: r.to_state as SessionState,
    reason: r.reason,
    actorName: r.display_name,
    actorRole: r.actor_role,
    at: r.at,
  }));
}

/**
 * The session's state as of now, read under a row lock on the session so that two people
 * pressing the same button at once cannot both move it: the second sees the new state.
 */
export async function lockSessionState(
  trx: Transaction<Database>,
  clinicId: string,
  sessionId: string,
): Promise<{ state: SessionState; seq: number }> {
  await sql`SELECT id FROM care_session WHERE clinic_id = ${clinicId} AND id = ${sessionId} FOR UPDATE`.execute(
    trx,
  );
  const last = await trx
    .selectFrom('session_transition')
    .select(['seq', 'to_state'])
    .where('clinic_id', '=', clinicId)
    .where('session_id', '=', sessionId)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return { state: (last?.to_state as SessionState | undefined) ?? 'booked', seq: last?.seq ?? 0 };
}

export async function insertTransition(
  trx: Transaction<Database>,
  t: {
    clinicId: string;
    sessionId: string;
    seq: number;
    event: SessionEvent;
    from: SessionState;
    to: SessionState;
    reason: string | null;
    userId: string;
    role: string;
  },
): Promise<void> {
  await trx
    .insertInto('session_transition')
    .values({
      clinic_id: t.clinicId,
      session_id: t.sessionId,
      seq: t.seq,
      event: t.event,
      from_state: t.from,
      to_state: t.to,
      reason: t.reason,
      actor_user_id: t.userId,
      actor_role: t.role,
    })
    .execute();
}

export async function insertTimeoutCheck(
  trx: Transaction<Database>,
  c: {
    clinicId: string;
    sessionId: string;
    item: TimeoutItem;
    outcome: 'confirmed' | 'waived';
    note: string | null;
    userId: string;
    role: string;
  },
): Promise<void> {
  await trx
    .insertInto('timeout_check')
    .values({
      clinic_id: c.clinicId,
      session_id: c.sessionId,
      item: c.item,
      outcome: c.outcome,
      note: c.note,
      actor_user_id: c.userId,
      actor_role: c.role,
    })
    .execute();
}

export async function listTimeoutChecks(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<Array<TimeoutEntry & { actorName: string; at: Date }>> {
  const rows = await db
    .selectFrom('timeout_check as c')
    .innerJoin('app_user as u', 'u.id', 'c.actor_user_id')
    .select(['c.item', 'c.outcome', 'c.note', 'c.actor_role', 'c.at', 'u.display_name'])
    .where('c.clinic_id', '=', clinicId)
    .where('c.session_id', '=', sessionId)
    .orderBy('c.at')
    .execute();
  return rows.map((r) => ({
    item: r.item as TimeoutItem,
    outcome: r.outcome,
    role: r.actor_role,
    note: r.note,
    actorName: r.display_name,
    at: r.at,
  }));
}
