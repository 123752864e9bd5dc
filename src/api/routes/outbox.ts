import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTBOX_KINDS, OUTBOX_STATUSES } from '../../domain/outbox.js';
import { LANGUAGES } from '../../domain/roles.js';
import { appendAudit } from '../../store/audit.js';
import { listOutbox, type OutboxMessage } from '../../store/outbox.js';
import { auditContext, permission, requireAuth } from '../auth.js';
import { ErrorSchema } from '../schemas.js';
import type { AppContext } from './context.js';

const ListQuery = z.strictObject({
  status: z.enum(OUTBOX_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const OutboxMessageSchema = z.object({
  id: z.string(),
  patientId: z.string().nullable(),
  kind: z.string().describe(OUTBOX_KINDS.join(', ')),
  recipient: z.string(),
  language: z.enum(LANGUAGES),
  subject: z.string(),
  bodyText: z.string(),
  dueAt: z.string().describe('ISO 8601'),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});

function toOutboxDto(m: OutboxMessage): z.infer<typeof OutboxMessageSchema> {
  return {
    id: m.id,
    patientId: m.patientId,
    kind: m.kind,
    recipient: m.recipient,
    language: m.language,
    subject: m.subject,
    bodyText: m.bodyText,
    dueAt: m.dueAt.toISOString(),
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * Staff view of the reminders outbox: what is waiting, what went out, and what needs a person —
 * every reminder when no mail server is set up, and sends that failed or broke off midway.
 */
export function outboxRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/outbox',
    {
      config: permission('outbox.read'),
      schema: {
        tags: ['outbox'],
        summary: "The clinic's reminder messages in the order they fall due, optionally by status",
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(OutboxMessageSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { status, page, pageSize } = request.query;
      const result = await listOutbox(db, auth.clinicId, { status, page, pageSize });
      // Messages carry patients' addresses and care details: reading them is audited.
      await db.transaction().execute((trx) =>
        appendAudit(trx, auditContext(request), {
          action: 'outbox.list',
          entity: 'outbox_message',
          entityId: null,
          summary: { status: status ?? null, page, results: result.items.length },
        }),
      );
      return { items: result.items.map(toOutboxDto), total: result.total, page, pageSize };
    },
  );
}
