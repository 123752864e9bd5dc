import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import {
  abandonedBefore,
  type DeliveryOutcome,
  type OutboxKind,
  type OutboxStatus,
  SEND_LEASE_MS,
} from '../domain/outbox.js';
import type { Language } from '../domain/roles.js';
import { type AuditContext, appendAudit } from './audit.js';
import type { Database, OutboxMessageTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewOutboxMessage {
  clinicId: string;
  patientId: string | null;
  kind: OutboxKind;
  recipient: string;
  language: Language;
  subject: string;
  bodyText: string;
  dueAt: Date;
  /**
   * Names the reminder, e.g. `prep:<planId>:<taskId>`: planning the same reminder again is a
   * no-op. A cancelled key stays taken, so a re-planned reminder needs a new key.
   */
  idempotencyKey: string;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

function toMessage(row: Selectable<OutboxMessageTable>): OutboxMessage {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    kind: row.kind as OutboxKind,
    recipient: row.recipient,
    language: row.language,
    subject: row.subject,
    bodyText: row.body_text,
    dueAt: row.due_at,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

/** The worker acts for no user: its audit events name the clinic and the role `system`. */
export function systemActor(clinicId: string): AuditContext {
  return { clinicId, userId: null, role: 'system', requestId: null };
}

/** Queues a message unless its idempotency key is already taken; true when it is new. */
export async function enqueueMessage(
  trx: Transaction<Database>,
  message: NewOutboxMessage,
  actor: AuditContext = systemActor(message.clinicId),
): Promise<{ id: string; created: boolean }> {
  const inserted = await trx
    .insertInto('outbox_message')
    .values({
      clinic_id: message.clinicId,
      patient_id: message.patientId,
      kind: message.kind,
      recipient: message.recipient,
      language: message.language,
      subject: message.subject,
      body_text: message.bodyText,
      due_at: message.dueAt,
      idempotency_key: message.idempotencyKey,
      status: 'pending',
      next_attempt_at: message.dueAt,
    })
    .onConflict((oc) => oc.columns(['clinic_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('outbox_message')
      .select('id')
      .where('clinic_id', '=', message.clinicId)
      .where('idempotency_key', '=', message.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  await appendAudit(trx, actor, {
    action: 'outbox.enqueue',
    entity: 'outbox_message',
    entityId: inserted.id,
    summary: { kind: message.kind, patientId: message.patientId, dueAt: message.dueAt.toISOString() },
  });
  return { id: inserted.id, created: true };
}

/** Cancels the clinic's pending messages whose key starts with `keyPrefix`; returns how many. */
export async function cancelMessages(
  trx: Transaction<Database>,
  clinicId: string,
  keyPrefix: string,
  actor: AuditContext = systemActor(clinicId),
): Promise<number> {
  const rows = await trx
    .updateTable('outbox_message')
    .set({ status: 'cancelled', next_attempt_at: null })
    .where('clinic_id', '=', clinicId)
    .where('status', '=', 'pending')
    .where(sql<boolean>`starts_with(idempotency_key, ${keyPrefix})`)
    .returning(['id', 'patient_id'])
    .execute();
  for (const row of rows) {
    await appendAudit(trx, actor, {
      action: 'outbox.cancel',
      entity: 'outbox_message',
      entityId: row.id,
      summary: { patientId: row.patient_id },
    });
  }
  return rows.length;
}

export interface OutboxQuery {
  status?: OutboxStatus | undefined;
  page: number;
  pageSize: number;
}

/** One clinic's messages in the order they fall due. */
export async function listOutbox(
  db: Db,
  clinicId: string,
  query: OutboxQuery,
): Promise<{ items: OutboxMessage[]; total: number }> {
  let base = db.selectFrom('outbox_message').where('clinic_id', '=', clinicId);
  if (query.status) base = base.where('status', '=', query.status);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('due_at')
      .orderBy('id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toMessage), total: Number(count.n) };
}

/** A pass may be limited to one clinic (a clinic with its own mail server; a test's clinic). */
export interface PassScope {
  clinicId?: string | undefined;
}

/**
 * Claims the next due message and commits the claim before anything is sent: if the process
 * dies during the send, the row stays `sending` and is never picked up as pending again.
 */
export async function claimNextDue(
  db: Kysely<Database>,
  now: Date,
  scope: PassScope = {},
): Promise<OutboxMessage | null> {
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('outbox_message')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now);
    if (scope.clinicId) due = due.where('clinic_id', '=', scope.clinicId);
    // SKIP LOCKED: two app processes each take a different message instead of queueing.
    const next = await due.orderBy('next_attempt_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
    if (!next) return null;
    const row = await trx
      .updateTable('outbox_message')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), claimed_at: now }))
      .where('id', '=', next.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      systemActor(row.clinic_id),
      {
        action: 'outbox.sending',
        entity: 'outbox_message',
        entityId: row.id,
        summary: { attempt: row.attempts },
      },
      now,
    );
    return toMessage(row);
  });
}

export type Settlement = { status: 'sent' } | (DeliveryOutcome & { error: string; errorCode: string | null });

const SETTLEMENT_ACTIONS: Record<Settlement['status'], string> = {
  sent: 'outbox.sent',
  pending: 'outbox.retry',
  failed: 'outbox.failed',
  unknown: 'outbox.unknown',
};

/** Records how a claimed send ended; false when the claim was already given up as abandoned. */
export async function settleMessage(
  db: Kysely<Database>,
  message: OutboxMessage,
  settlement: Settlement,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('outbox_message')
      .set({
        status: settlement.status,
        sent_at: settlement.status === 'sent' ? now : null,
        next_attempt_at: settlement.status === 'pending' ? settlement.nextAttemptAt : null,
        last_error: settlement.status === 'sent' ? null : settlement.error,
        claimed_at: null,
      })
      .where('id', '=', message.id)
      .where('clinic_id', '=', message.clinicId)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await appendAudit(
      trx,
      systemActor(message.clinicId),
      {
        action: SETTLEMENT_ACTIONS[settlement.status],
        entity: 'outbox_message',
        entityId: message.id,
        summary: settlementSummary(message, settlement),
      },
      now,
    );
    return true;
  });
}

// The error code only: an SMTP reply may quote the recipient's address, which stays in the row.
function settlementSummary(message: OutboxMessage, settlement: Settlement): Record<string, unknown> {
  if (settlement.status === 'sent') return { attempt: message.attempts };
  return {
    attempt: message.attempts,
    errorCode: settlement.errorCode,
    ...(settlement.status === 'pending' ? { nextAttemptAt: settlement.nextAttemptAt.toISOString() } : {}),
  };
}

/**
 * Marks sends abandoned by a stopped worker as `unknown`: the message may or may not have
 * reached the patient, so staff check rather than the worker sending it a second time.
 */
export async function markAbandonedSends(
  db: Kysely<Database>,
  now: Date,
  scope: PassScope = {},
  leaseMs: number = SEND_LEASE_MS,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .updateTable('outbox_message')
      .set({ status: 'unknown', claimed_at: null, last_error: 'The sender stopped during delivery.' })
      .where('status', '=', 'sending')
      .where('claimed_at', '<', abandonedBefore(now, leaseMs));
    if (scope.clinicId) query = query.where('clinic_id', '=', scope.clinicId);
    const rows = await query.returning(['id', 'clinic_id', 'attempts']).execute();
    for (const row of rows) {
      await appendAudit(
        trx,
        systemActor(row.clinic_id),
        {
          action: 'outbox.unknown',
          entity: 'outbox_message',
          entityId: row.id,
          summary: { attempt: row.attempts, errorCode: 'abandoned' },
        },
        now,
      );
    }
    return rows.length;
  });
}
