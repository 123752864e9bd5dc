import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isConsentValid } from '../../domain/consent.js';
import { statusOf } from '../../domain/custody/chain.js';
import { patientName } from '../../domain/patient-rules.js';
import { stepDurations } from '../../domain/session/durations.js';
import { nextEvents, SESSION_STATES, transition } from '../../domain/session/state.js';
import { NOT_WAIVABLE, RECORDED_ITEMS, TIMEOUT_ITEMS, timeoutStatus } from '../../domain/session/timeout.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { latestSignature } from '../../store/consents.js';
import { findPatient } from '../../store/patients.js';
import { findPlan, findSession } from '../../store/plans.js';
import { productHistory, productsOfSession, sessionRecords } from '../../store/products.js';
import { findProtocolVersion } from '../../store/protocols.js';
import {
  insertTimeoutCheck,
  insertTransition,
  listTimeoutChecks,
  listTransitions,
  lockSessionState,
} from '../../store/session-day.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { preparationView, type SessionContext } from '../preparation-view.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import type { AppContext } from './context.js';

/**
 * The steps a button may take. The others (end of harvest, release, issue of a donor product,
 * start and end of injection) each come with a record and a check of their own.
 */
const BUTTON_EVENTS = [
  'check_in',
  'complete_checks',
  'start_harvest',
  'start_processing',
  'start_monitoring',
  'discharge',
  'cancel',
  'abort',
] as const;

const DaySchema = z.object({
  sessionId: z.string(),
  state: z.enum(SESSION_STATES),
  cellSource: z.string(),
  nextEvents: z.array(z.string()),
  transitions: z.array(
    z.object({
      seq: z.number(),
      event: z.string(),
      from: z.string(),
      to: z.string(),
      reason: z.string().nullable(),
      actorName: z.string(),
      actorRole: z.string(),
      at: z.string(),
    }),
  ),
  timeout: z.object({
    complete: z.boolean(),
    items: z.array(
      z.object({
        item: z.enum(TIMEOUT_ITEMS),
        status: z.enum(['passed', 'waived', 'open']),
        recorded: z.boolean(),
      }),
    ),
    entries: z.array(
      z.object({
        item: z.string(),
        outcome: z.string(),
        note: z.string().nullable(),
        actorName: z.string(),
        role: z.string(),
        at: z.string(),
      }),
    ),
  }),
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string(), wristbandUrl: z.string() }),
  products: z.array(
    z.object({
      din: z.string(),
      check: z.string(),
      source: z.string(),
      status: z.string().nullable(),
      useBy: z.string(),
      labelUrl: z.string(),
    }),
  ),
  records: z.array(z.object({ kind: z.string(), data: z.unknown(), actorName: z.string(), at: z.string() })),
  durations: z.array(
    z.object({
      kind: z.string(),
      minutes: z.number(),
      minMinutes: z.number(),
      maxMinutes: z.number(),
      deviation: z.enum(['shorter', 'longer']).nullable(),
    }),
  ),
});

export function sessionDayRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function context(auth: Auth, sessionId: string): Promise<SessionContext> {
    const session = await findSession(db, auth.clinicId, sessionId);
    if (!session) throw notFound('Session');
    const [plan, clinic] = await Promise.all([
      findPlan(db, auth.clinicId, session.planId),
      findClinic(db, auth.clinicId),
    ]);
    const protocol = plan ? await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId) : null;
    if (!plan || !clinic || !protocol) throw notFound('Session');
    return { clinic, plan, session, protocol };
  }

  /** The time-out as it stands: staff confirmations plus what CellPath's own records show. */
  async function timeoutOf(ctx: SessionContext) {
    const [entries, signature, preparation] = await Promise.all([
      listTimeoutChecks(db, ctx.clinic.id, ctx.session.id),
      latestSignature(db, ctx.clinic.id, ctx.plan.id),
      preparationView(db, ctx),
    ]);
    const consentValid = isConsentValid(
      signature
        ? {
            protocolVersionId: signature.protocolVersionId,
            consentVersion: signature.consentVersion,
            witnessed: !!signature.witness,
          }
        : null,
      { protocolVersionId: ctx.protocol.id, consentVersion: ctx.protocol.content.consent.version },
    );
    const facts = {
      consentValid,
      preparationVerified: preparation.tasks.every((t) => t.status === 'verified'),
      imagingOnFile: preparation.tasks.some((t) => t.requiresUpload && t.files.length > 0),
    };
    return { entries, status: timeoutStatus(entries, facts) };
  }

  async function productsOf(ctx: SessionContext) {
    const products = await productsOfSession(db, ctx.clinic.id, ctx.session.id);
    return Promise.all(
      products.map(async (p) => ({
        din: p.din,
        check: p.checkChar,
        source: p.source,
        status: statusOf((await productHistory(db, ctx.clinic.id, p.id)).map((h) => h.kind)),
        useBy: p.useBy.toISOString(),
        labelUrl: `/api/products/${p.din}${p.checkChar}/label.svg`,
      })),
    );
  }

  async function dayOf(ctx: SessionContext) {
    const [transitions, timeout, products, records, patient] = await Promise.all([
      listTransitions(db, ctx.clinic.id, ctx.session.id),
      timeoutOf(ctx),
      productsOf(ctx),
      sessionRecords(db, ctx.clinic.id, ctx.session.id),
      findPatient(db, ctx.clinic.id, ctx.plan.patientId),
    ]);
    const state = transitions.at(-1)?.to ?? 'booked';
    return {
      sessionId: ctx.session.id,
      state,
      cellSource: ctx.protocol.content.cellSource,
      nextEvents: nextEvents(state, ctx.protocol.content.cellSource),
      transitions: transitions.map((t) => ({ ...t, at: t.at.toISOString() })),
      timeout: {
        complete: timeout.status.complete,
        items: TIMEOUT_ITEMS.map((item) => ({
          item,
          status: timeout.status.items[item],
          recorded: RECORDED_ITEMS.includes(item),
        })),
        entries: timeout.entries.map((e) => ({
          item: e.item,
          outcome: e.outcome,
          note: e.note,
          actorName: e.actorName,
          role: e.role,
          at: e.at.toISOString(),
        })),
      },
      patient: {
        id: ctx.plan.patientId,
        name: patient ? patientName(patient, 'en') : '',
        mrn: patient?.mrn ?? '',
        wristbandUrl: `/api/patients/${ctx.plan.patientId}/wristband.svg`,
      },
      products,
      records: records.map((x) => ({
        kind: x.kind,
        data: x.data,
        actorName: x.display_name,
        at: x.at.toISOString(),
      })),
      durations: stepDurations(transitions, ctx.protocol.content.steps),
    };
  }

  r.get(
    '/api/sessions/:sessionId/day',
    {
      config: permission('session.read'),
      schema: {
        tags: ['session day'],
        summary: "The session's state, its history, the time-out and the step durations against the protocol",
        params: z.strictObject({ sessionId: Uuid }),
        response: { 200: DaySchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => dayOf(await context(requireAuth(request), request.params.sessionId)),
  );

  r.post(
    '/api/sessions/:sessionId/transitions',
    {
      config: permission('session.run'),
      schema: {
        tags: ['session day'],
        summary:
          'Move the session one step (each step only by the roles that do it, only from the right state)',
        params: z.strictObject({ sessionId: Uuid }),
        body: z.strictObject({
          event: z.enum(BUTTON_EVENTS),
          reason: z.string().trim().max(1000).optional(),
        }),
        response: { 201: DaySchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await context(auth, request.params.sessionId);
      const { event, reason } = request.body;
      if (event === 'complete_checks' && !(await timeoutOf(ctx)).status.complete) {
        throw new ApiError(
          409,
          'timeout_incomplete',
          'The time-out is not complete: every item must pass or be waived by a physician.',
        );
      }
      await db.transaction().execute(async (trx) => {
        const current = await lockSessionState(trx, auth.clinicId, ctx.session.id);
        const result = transition({
          state: current.state,
          cellSource: ctx.protocol.content.cellSource,
          event,
          role: auth.role,
          reason,
        });
        if (!result.ok) {
          if (result.code === 'wrong_role') throw new ApiError(403, result.code, result.message);
          if (result.code === 'reason_required') throw badRequest(`reason: ${result.message}`, 'reason');
          throw new ApiError(409, result.code, result.message);
        }
        await insertTransition(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          seq: current.seq + 1,
          event,
          from: current.state,
          to: result.to,
          reason: reason ?? null,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: `session.${event}`,
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { from: current.state, to: result.to, reason: reason ?? null },
        });
      });
      return reply.code(201).send(await dayOf(ctx));
    },
  );

  r.post(
    '/api/sessions/:sessionId/timeout',
    {
      config: permission('timeout.record'),
      schema: {
        tags: ['session day'],
        summary: 'Confirm a time-out item, or (a physician) waive one with the reason',
        params: z.strictObject({ sessionId: Uuid }),
        body: z.strictObject({
          item: z.enum(TIMEOUT_ITEMS),
          outcome: z.enum(['confirmed', 'waived']),
          note: z.string().trim().max(1000).optional(),
        }),
        response: { 201: DaySchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await context(auth, request.params.sessionId);
      const { item, outcome, note } = request.body;
      if (outcome === 'confirmed' && RECORDED_ITEMS.includes(item)) {
        throw new ApiError(
          409,
          'recorded_item',
          `${item} passes from CellPath's records, not by a tick; a physician may waive it with a reason.`,
        );
      }
      if (outcome === 'waived' && NOT_WAIVABLE.includes(item)) {
        throw new ApiError(
          409,
          'not_waivable',
          'A valid consent for this protocol version is required: it cannot be waived.',
        );
      }
      if (outcome === 'waived' && auth.role !== 'physician')
        throw new ApiError(403, 'forbidden', 'Only a physician waives a time-out item.');
      if (outcome === 'waived' && (note?.length ?? 0) < 10)
        throw badRequest('note: say why the item is waived (at least 10 characters)', 'note');
      const { state } = await db
        .transaction()
        .execute((trx) => lockSessionState(trx, auth.clinicId, ctx.session.id));
      if (state !== 'checked_in')
        throw new ApiError(
          409,
          'wrong_state',
          `The time-out happens after check-in; the session is ${state}.`,
        );
      await db.transaction().execute(async (trx) => {
        await insertTimeoutCheck(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          item,
          outcome,
          note: note ?? null,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: outcome === 'waived' ? 'timeout.waive' : 'timeout.confirm',
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { item, note: note ?? null },
        });
      });
      return reply.code(201).send(await dayOf(ctx));
    },
  );
}
