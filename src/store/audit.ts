import type { Kysely, Transaction } from 'kysely';
import {
  type AuditFields,
  auditHash,
  type ChainProblem,
  GENESIS_HASH,
  verifyChain,
} from '../domain/audit-chain.js';
import type { Database } from './schema.js';

/** Who is acting, for the audit trail. `userId` is null for anonymous acts (a failed login). */
export interface AuditContext {
  clinicId: string | null;
  userId: string | null;
  role: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  summary: Record<string, unknown>;
}

export function chainOf(clinicId: string | null): string {
  return clinicId ? `clinic:${clinicId}` : 'system';
}

/**
 * Appends one event to its clinic's chain, inside the caller's transaction: the event commits
 * or rolls back with the change it describes. Locking the chain's head row serialises writers
 * of one clinic, so two concurrent writes never claim the same place in the chain.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  context: AuditContext,
  entry: AuditEntry,
  now: Date = new Date(),
): Promise<void> {
  const chain = chainOf(context.clinicId);
  await trx
    .insertInto('audit_chain_head')
    .values({ chain, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  const head = await trx
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const fields: AuditFields = {
    chain,
    seq: head.seq + 1,
    clinicId: context.clinicId,
    actorUserId: context.userId,
    actorRole: context.role,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    summary: entry.summary,
    at: now,
    requestId: context.requestId,
    prevHash: head.hash,
  };
  const hash = auditHash(fields);
  await trx
    .insertInto('audit_event')
    .values({
      chain,
      seq: fields.seq,
      clinic_id: fields.clinicId,
      actor_user_id: fields.actorUserId,
      actor_role: fields.actorRole,
      action: fields.action,
      entity: fields.entity,
      entity_id: fields.entityId,
      summary: JSON.stringify(fields.summary),
      at: now,
      request_id: fields.requestId,
      prev_hash: fields.prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('audit_chain_head')
    .set({ seq: fields.seq, hash })
    .where('chain', '=', chain)
    .execute();
}

export interface AuditVerification {
  chains: number;
  events: number;
  problem: (ChainProblem & { chain: string }) | null;
}

/** Recomputes every chain from its first row; stops at the first row that was altered or removed. */
export async function verifyAuditTrail(
  db: Kysely<Database>,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification> {
  const heads = await db
    .selectFrom('audit_chain_head')
    .select(['chain', 'seq', 'hash'])
    .orderBy('chain')
    .execute();
  const chainNames = new Set(heads.map((h) => h.chain));
  const listed = await db.selectFrom('audit_event').select('chain').distinct().execute();
  for (const { chain } of listed) chainNames.add(chain);
  const total = Number(
    (
      await db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let events = 0;
  for (const chain of [...chainNames].sort()) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('chain', '=', chain)
      .orderBy('seq')
      .execute();
    const problem = verifyChain(
      rows.map((r) => ({
        id: String(r.id),
        hash: r.hash,
        chain: r.chain,
        seq: r.seq,
        clinicId: r.clinic_id,
        actorUserId: r.actor_user_id,
        actorRole: r.actor_role,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        summary: r.summary,
        at: r.at,
        requestId: r.request_id,
        prevHash: r.prev_hash,
      })),
      heads.find((h) => h.chain === chain) ?? null,
    );
    events += rows.length;
    onProgress?.(events, total);
    if (problem) return { chains: chainNames.size, events, problem: { ...problem, chain } };
  }
  return { chains: chainNames.size, events, problem: null };
}
