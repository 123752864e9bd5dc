import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAtBedside } from '../../domain/bedside/verify.js';
import { statusOf } from '../../domain/custody/chain.js';
import { parseDin } from '../../domain/custody/din.js';
import { appendAudit } from '../../store/audit.js';
import {
  findProductByDin,
  insertAlert,
  insertBedsideCheck,
  insertHandOff,
  insertSessionRecord,
  productHistory,
  productsOfSession,
} from '../../store/products.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, badRequest } from '../errors.js';
import type { SessionContext } from '../preparation-view.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { loadSessionContext } from '../session-context.js';
import { stepSession } from '../step.js';
import type { AppContext } from './context.js';

const Verdict = z.object({
  ok: z.boolean(),
  state: z.string(),
  refusals: z.array(z.object({ code: z.string(), message: z.string() })),
});

export function bedsideRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.strictObject({ sessionId: Uuid });

  /** The patient a scanned wristband names, in this clinic (null when it names nobody). */
  async function wristbandPatient(auth: Auth, ctx: SessionContext, scanned: string): Promise<string | null> {
    const [facility, mrn] = scanned.trim().toUpperCase().split(/-(.+)/);
    if (facility !== ctx.clinic.facilityCode || !mrn) return null;
    const row = await db
      .selectFrom('patient')
      .select('id')
      .where('clinic_id', '=', auth.clinicId)
      .where('mrn', '=', mrn)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  r.post(
    '/api/sessions/:sessionId/bedside',
    {
      config: permission('product.administer'),
      schema: {
        tags: ['session day'],
        summary:
          'Scan wristband and product label at the bedside; a mismatch is a hard stop, audited and alerted',
        params,
        body: z.strictObject({
          wristband: z.string().trim().min(1).max(64),
          label: z.string().trim().min(1).max(64),
        }),
        response: {
          201: Verdict,
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: Verdict.or(ErrorSchema),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const { wristband, label } = request.body;
      const parsed = parseDin(label);
      if (!parsed.ok) throw new ApiError(400, parsed.reason, parsed.message, 'label');
      const found = await findProductByDin(db, auth.clinicId, parsed.din);
      const history = found ? await productHistory(db, auth.clinicId, found.id) : [];
      const status = statusOf(history.map((h) => h.kind));
      // A donor product belongs to the session it was issued to, for that session's protocol.
      const issue = history.filter((h) => h.kind === 'issued').at(-1)?.details as
        | { sessionId?: string; protocolVersionId?: string }
        | undefined;
      const verdict = verifyAtBedside({
        wristbandPatientId: await wristbandPatient(auth, ctx, wristband),
        product:
          found && status
            ? {
                din: found.din,
                source: found.source,
                collectedFromPatientId: found.patientId,
                issuedToSessionId: found.source === 'allogeneic' ? (issue?.sessionId ?? null) : null,
                status,
                useBy: found.useBy,
                protocolVersionId:
                  (found.source === 'allogeneic' ? issue?.protocolVersionId : found.protocolVersionId) ?? '',
              }
            : null,
        session: { id: ctx.session.id, patientId: ctx.plan.patientId, protocolVersionId: ctx.protocol.id },
        now: new Date(),
      });
      const refusals = verdict.ok ? [] : verdict.refusals;
      const state = await db.transaction().execute(async (trx) => {
        await insertBedsideCheck(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          productId: found?.id ?? null,
          wristband,
          label,
          ok: verdict.ok,
          refusals,
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: verdict.ok ? 'bedside.verified' : 'bedside.refused',
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { din: parsed.din, refusals: refusals.map((x) => x.code) },
        });
        if (!verdict.ok) {
          await insertAlert(trx, {
            clinicId: auth.clinicId,
            patientId: ctx.plan.patientId,
            sessionId: ctx.session.id,
            kind: 'bedside_mismatch',
            severity: 'urgent',
            message: refusals.map((x) => x.message).join(' '),
            details: { din: parsed.din, refusals },
          });
          return null;
        }
        if (!found) return null;
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: found.id,
          kind: 'bedside_verified',
          location: 'bedside',
          details: {},
          key: `bedside:${ctx.session.id}:${found.id}:${Date.now()}`,
          userId: auth.userId,
          role: auth.role,
        });
        return stepSession(trx, request, auth, ctx, 'start_injection');
      });
      if (!state) return reply.code(409).send({ ok: false, state: 'stopped', refusals });
      return reply.code(201).send({ ok: true, state, refusals: [] });
    },
  );

  r.post(
    '/api/sessions/:sessionId/injection',
    {
      config: permission('product.administer'),
      schema: {
        tags: ['session day'],
        summary: 'Record the injection of the verified product; ends the injection step',
        params,
        body: z.strictObject({
          imagingGuidance: z.enum(['ultrasound', 'fluoroscopy', 'none']),
          site: z.string().min(1).max(64),
          laterality: z.enum(['left', 'right', 'bilateral']).optional(),
          volumeMl: z.number().positive().max(100),
          anesthesia: z.string().trim().min(2).max(200),
        }),
        response: { 201: Verdict, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const body = request.body;
      if (body.site !== ctx.plan.targetSite || (body.laterality ?? null) !== (ctx.plan.laterality ?? null)) {
        throw badRequest(
          `site: the plan is for ${ctx.plan.targetSite}${ctx.plan.laterality ? ` (${ctx.plan.laterality})` : ''}`,
          'site',
        );
      }
      const products = await productsOfSession(db, auth.clinicId, ctx.session.id);
      let verified = null;
      for (const p of products) {
        const h = await productHistory(db, auth.clinicId, p.id);
        if (h.at(-1)?.kind === 'bedside_verified') verified = p;
      }
      if (!verified)
        throw new ApiError(409, 'not_verified', 'No product passed the bedside check in this session.');
      const product = verified;
      const state = await db.transaction().execute(async (trx) => {
        const to = await stepSession(trx, request, auth, ctx, 'end_injection');
        await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'injection',
          productId: product.id,
          data: body,
          userId: auth.userId,
        });
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: product.id,
          kind: 'administered',
          location: 'procedure room',
          details: { volumeMl: body.volumeMl },
          key: `administer:${product.id}`,
          userId: auth.userId,
          role: auth.role,
        });
        return to;
      });
      return reply.code(201).send({ ok: true, state, refusals: [] });
    },
  );
}
