import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { statusOf } from '../../domain/custody/chain.js';
import { parseDin } from '../../domain/custody/din.js';
import { issueRefusal, pickFirstExpiry } from '../../domain/custody/inventory.js';
import { isProductCode } from '../../domain/custody/product-code.js';
import { appendAudit } from '../../store/audit.js';
import {
  donorStock,
  findProductByDin,
  insertHandOff,
  insertProduct,
  type ProductRecord,
  productHistory,
} from '../../store/products.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, conflict } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { loadSessionContext } from '../session-context.js';
import { stepSession } from '../step.js';
import type { AppContext } from './context.js';

const StockSchema = z.object({
  din: z.string(),
  check: z.string(),
  productCode: z.string(),
  status: z.string().nullable(),
  useBy: z.string(),
  expired: z.boolean(),
  details: z.record(z.string(), z.unknown()),
});

export function donorRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function withStatus(auth: Auth, products: ProductRecord[]) {
    return Promise.all(
      products.map(async (p) => ({
        product: p,
        status: statusOf((await productHistory(db, auth.clinicId, p.id)).map((h) => h.kind)),
      })),
    );
  }

  r.get(
    '/api/donor-products',
    {
      config: permission('session.read'),
      schema: {
        tags: ['donor products'],
        summary: 'The donor product store, soonest expiry first',
        response: { 200: z.object({ items: z.array(StockSchema) }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const now = new Date();
      const stock = await withStatus(auth, await donorStock(db, auth.clinicId));
      return {
        items: stock.map(({ product: p, status }) => ({
          din: p.din,
          check: p.checkChar,
          productCode: p.productCode,
          status,
          useBy: p.useBy.toISOString(),
          expired: p.useBy <= now,
          details: p.details,
        })),
      };
    },
  );

  r.post(
    '/api/donor-products',
    {
      config: permission('product.record'),
      schema: {
        tags: ['donor products'],
        summary:
          'Receive a donor product into the store (supplier, lot, donor id, product code, expiry, storage)',
        body: z.strictObject({
          label: z.string().trim().min(13).max(40),
          productCode: z
            .string()
            .refine(isProductCode, { message: 'must be an 8-character ISBT 128 product code' }),
          supplier: z.string().trim().min(2).max(200),
          lot: z.string().trim().min(1).max(100),
          donorId: z.string().trim().min(1).max(100),
          expiresAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
          storageTemperature: z.string().trim().min(2).max(100),
        }),
        response: { 201: StockSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const body = request.body;
      const parsed = parseDin(body.label);
      if (!parsed.ok) throw new ApiError(400, parsed.reason, parsed.message, 'label');
      if (body.expiresAt <= new Date())
        throw new ApiError(
          409,
          'expired',
          'The product has expired: it cannot be received into the store.',
          'expiresAt',
        );
      if (await findProductByDin(db, auth.clinicId, parsed.din))
        throw conflict(`Product ${parsed.din} is already in this clinic.`, 'label');
      const details = {
        supplier: body.supplier,
        lot: body.lot,
        donorId: body.donorId,
        storageTemperature: body.storageTemperature,
      };
      await db.transaction().execute(async (trx) => {
        const id = await insertProduct(trx, {
          clinicId: auth.clinicId,
          din: parsed.din,
          checkChar: parsed.check,
          source: 'allogeneic',
          patientId: null,
          sessionId: null,
          protocolVersionId: null,
          productCode: body.productCode,
          collectedAt: null,
          useBy: body.expiresAt,
          details,
          userId: auth.userId,
        });
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: id,
          kind: 'received',
          location: 'product store',
          details,
          key: `receive:${id}`,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'product.receive',
          entity: 'product',
          entityId: id,
          summary: { din: parsed.din, lot: body.lot },
        });
      });
      return reply.code(201).send({
        din: parsed.din,
        check: parsed.check,
        productCode: body.productCode,
        status: 'received',
        useBy: body.expiresAt.toISOString(),
        expired: false,
        details,
      });
    },
  );

  r.post(
    '/api/donor-products/:din/quarantine',
    {
      config: permission('product.record'),
      schema: {
        tags: ['donor products'],
        summary: 'Put a donor product in quarantine (it can then never be issued)',
        params: z.strictObject({ din: z.string().min(13).max(40) }),
        body: z.strictObject({ reason: z.string().trim().min(5).max(500) }),
        response: {
          201: z.object({ status: z.string() }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const parsed = parseDin(request.params.din);
      if (!parsed.ok) throw new ApiError(400, parsed.reason, parsed.message, 'din');
      const product = await findProductByDin(db, auth.clinicId, parsed.din);
      if (product?.source !== 'allogeneic')
        throw new ApiError(404, 'not_found', `No donor product ${parsed.din}.`);
      const status = statusOf((await productHistory(db, auth.clinicId, product.id)).map((h) => h.kind));
      if (status !== 'received')
        throw new ApiError(409, 'wrong_state', `Product ${parsed.din} is ${status}.`);
      await db.transaction().execute(async (trx) => {
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: product.id,
          kind: 'quarantined',
          location: 'product store',
          details: { reason: request.body.reason },
          key: `quarantine:${product.id}`,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'product.quarantine',
          entity: 'product',
          entityId: product.id,
          summary: { reason: request.body.reason },
        });
      });
      return reply.code(201).send({ status: 'quarantined' });
    },
  );

  r.post(
    '/api/sessions/:sessionId/issue-donor-product',
    {
      config: permission('product.record'),
      schema: {
        tags: ['donor products'],
        summary:
          'Issue a donor product to an allogeneic session: first-expiry-first-out, or a named product if it may be issued',
        params: z.strictObject({ sessionId: Uuid }),
        body: z.strictObject({ label: z.string().trim().min(13).max(40).optional() }),
        response: {
          201: z.object({ state: z.string(), din: z.string(), check: z.string() }),
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const now = new Date();
      const stock = (await withStatus(auth, await donorStock(db, auth.clinicId))).map(
        ({ product, status }) => ({ product, din: product.din, status, useBy: product.useBy }),
      );
      let chosen = pickFirstExpiry(stock, now);
      if (request.body.label) {
        const parsed = parseDin(request.body.label);
        if (!parsed.ok) throw new ApiError(400, parsed.reason, parsed.message, 'label');
        const named = stock.find((s) => s.din === parsed.din);
        if (!named) throw new ApiError(404, 'not_found', `No donor product ${parsed.din}.`, 'label');
        const refusal = issueRefusal(named, now);
        if (refusal) throw new ApiError(409, 'not_issuable', refusal, 'label');
        chosen = named;
      }
      if (!chosen) throw new ApiError(409, 'no_stock', 'No in-date donor product is available to issue.');
      const product = chosen.product;
      const state = await db.transaction().execute(async (trx) => {
        const to = await stepSession(trx, request, auth, ctx, 'issue_product');
        const issued = await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: product.id,
          kind: 'issued',
          location: 'product store',
          details: {
            sessionId: ctx.session.id,
            protocolVersionId: ctx.protocol.id,
            patientId: ctx.plan.patientId,
          },
          key: `issue:${product.id}`,
          userId: auth.userId,
          role: auth.role,
        });
        // Two sessions reaching for the same product at once: only one gets it.
        if (!issued) throw conflict(`Product ${product.din} was just issued to another session.`);
        return to;
      });
      return reply.code(201).send({ state, din: product.din, check: product.checkChar });
    },
  );
}
