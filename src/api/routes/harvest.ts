import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dinWithCheck, formatDin } from '../../domain/custody/din.js';
import { localProductCode } from '../../domain/custody/local-codes.js';
import { checkRelease } from '../../domain/processing/release.js';
import { appendAudit } from '../../store/audit.js';
import {
  insertHandOff,
  insertProduct,
  insertSessionRecord,
  nextDinSequence,
  productHistory,
  productsOfSession,
  sessionRecords,
} from '../../store/products.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, badRequest } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { verifySignature } from '../scope.js';
import { loadSessionContext } from '../session-context.js';
import { stepSession } from '../step.js';
import type { AppContext } from './context.js';

const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO date-time with its offset' })
  .transform((s) => new Date(s));

const HarvestBody = z.strictObject({
  site: z.string().min(1).max(64),
  laterality: z.enum(['left', 'right']).optional(),
  anesthesia: z.strictObject({
    agent: z.string().trim().min(2).max(100),
    doseMg: z.number().positive().max(1000),
  }),
  volumeMl: z.number().positive().max(500),
  startedAt: Instant,
  endedAt: Instant,
});

const ProcessingBody = z.strictObject({
  method: z.enum(['centrifuge', 'density_gradient', 'automated_system', 'other']),
  forceG: z.number().positive().max(10_000),
  minutes: z.number().int().positive().max(240),
  inputVolumeMl: z.number().positive().max(500),
  outputVolumeMl: z.number().positive().max(500),
  totalNucleatedCells: z.number().positive().nullable(),
  viabilityPercent: z.number().min(0).max(100),
  sterilitySampleTaken: z.boolean(),
});

const RELEASE_MEANING =
  'I checked the processing record against the release criteria and release this product';
const Result = z.object({ state: z.string(), din: z.string().optional(), check: z.string().optional() });

export function harvestRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.strictObject({ sessionId: Uuid });

  /** The autologous product of the session (one per session for now), with its hand-offs. */
  async function sessionProduct(auth: Auth, sessionId: string) {
    const product = (await productsOfSession(db, auth.clinicId, sessionId)).find(
      (p) => p.source === 'autologous',
    );
    if (!product) throw new ApiError(409, 'no_product', 'No product was collected in this session.');
    return { product, history: await productHistory(db, auth.clinicId, product.id) };
  }

  r.post(
    '/api/sessions/:sessionId/harvest',
    {
      config: permission('product.record'),
      schema: {
        tags: ['session day'],
        summary:
          'Record the harvest; ends the harvest step and creates the product with its ISBT 128-style identifier',
        params,
        body: HarvestBody,
        response: { 201: Result, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const body = request.body;
      const site = ctx.protocol.content.harvestSites.find((s) => s.code === body.site);
      if (!site)
        throw badRequest(
          `site: the protocol harvests from ${ctx.protocol.content.harvestSites.map((s) => s.code).join(', ')}`,
          'site',
        );
      if (site.lateralityRequired !== Boolean(body.laterality))
        throw badRequest('laterality: give the side for this site, and only for it', 'laterality');
      if (body.endedAt <= body.startedAt)
        throw badRequest('endedAt: the harvest ends after it starts', 'endedAt');
      const criteria = ctx.protocol.content.releaseCriteria;
      if (!criteria) throw new ApiError(409, 'no_release_criteria', 'This protocol has no release criteria.');
      const result = await db.transaction().execute(async (trx) => {
        const state = await stepSession(trx, request, auth, ctx, 'end_harvest');
        const year = new Date().getUTCFullYear();
        const { din, check } = dinWithCheck(
          formatDin({
            facilityCode: ctx.clinic.facilityCode,
            year,
            sequence: await nextDinSequence(trx, auth.clinicId, year),
          }),
        );
        const productId = await insertProduct(trx, {
          clinicId: auth.clinicId,
          din,
          checkChar: check,
          source: 'autologous',
          patientId: ctx.plan.patientId,
          sessionId: ctx.session.id,
          protocolVersionId: ctx.protocol.id,
          productCode: localProductCode(ctx.protocol.content.cellSource),
          collectedAt: body.endedAt,
          useBy: new Date(body.endedAt.getTime() + criteria.useByHoursAfterCollection * 3_600_000),
          details: { site: body.site, laterality: body.laterality ?? null, volumeMl: body.volumeMl },
          userId: auth.userId,
        });
        await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'harvest',
          productId,
          data: body,
          userId: auth.userId,
        });
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId,
          kind: 'collected',
          location: 'procedure room',
          details: {},
          key: `collect:${productId}`,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'product.collect',
          entity: 'product',
          entityId: productId,
          summary: { din, sessionId: ctx.session.id },
        });
        return { state, din, check };
      });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/api/sessions/:sessionId/processing',
    {
      config: permission('product.process'),
      schema: {
        tags: ['session day'],
        summary:
          'Record the processing of the session’s product (method, force, time, volumes, counts, viability, sterility sample)',
        params,
        body: ProcessingBody,
        response: { 201: Result, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const { product, history } = await sessionProduct(auth, ctx.session.id);
      if (history.at(-1)?.kind !== 'processing_end') {
        throw new ApiError(409, 'wrong_state', 'Scan the end of processing before recording its results.');
      }
      await db.transaction().execute(async (trx) => {
        await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'processing',
          productId: product.id,
          data: request.body,
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'product.processing_record',
          entity: 'product',
          entityId: product.id,
          summary: { viabilityPercent: request.body.viabilityPercent },
        });
      });
      return reply.code(201).send({ state: 'processing', din: product.din, check: product.checkChar });
    },
  );

  r.post(
    '/api/sessions/:sessionId/release',
    {
      config: permission('product.release'),
      schema: {
        tags: ['session day'],
        summary:
          "Release the product: the protocol's criteria must pass and a second person signs with their password",
        params,
        body: z.strictObject({ password: z.string().min(1).max(1024) }),
        response: {
          201: Result,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const { product } = await sessionProduct(auth, ctx.session.id);
      const records = await sessionRecords(db, auth.clinicId, ctx.session.id);
      const processing = records.filter((x) => x.kind === 'processing').at(-1);
      const harvest = records.find((x) => x.kind === 'harvest');
      if (!processing || !harvest)
        throw new ApiError(409, 'no_processing_record', 'Record the processing before the release.');
      const data = processing.data as z.infer<typeof ProcessingBody>;
      const verdict = checkRelease(
        {
          viabilityPercent: data.viabilityPercent,
          totalNucleatedCells: data.totalNucleatedCells,
          sterilitySampleTaken: data.sterilitySampleTaken,
          harvestEndedAt: new Date((harvest.data as { endedAt: string }).endedAt),
          processedBy: processing.actor_user_id,
        },
        ctx.protocol.content.releaseCriteria ?? {
          minViabilityPercent: 100,
          maxMinutesFromHarvest: 0,
          sterilitySampleRequired: true,
          useByHoursAfterCollection: 0,
        },
        { by: auth.userId, at: new Date() },
      );
      if (!verdict.ok) {
        throw new ApiError(409, 'release_refused', verdict.failures.map((f) => f.message).join(' '));
      }
      await verifySignature(db, auth, request.body.password);
      const state = await db.transaction().execute(async (trx) => {
        const to = await stepSession(trx, request, auth, ctx, 'release_product');
        await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'release',
          productId: product.id,
          data: { criteria: ctx.protocol.content.releaseCriteria },
          userId: auth.userId,
          meaning: RELEASE_MEANING,
        });
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: product.id,
          kind: 'released',
          location: 'lab',
          details: {},
          key: `release:${product.id}`,
          userId: auth.userId,
          role: auth.role,
        });
        return to;
      });
      return reply.code(201).send({ state, din: product.din, check: product.checkChar });
    },
  );
}
