import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayFollow } from '../../domain/custody/chain.js';
import { parseDin } from '../../domain/custody/din.js';
import { renderLabel, renderWristband } from '../../domain/custody/label.js';
import { fullName } from '../../domain/patient-rules.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { findPatient } from '../../store/patients.js';
import { findProductByDin, insertHandOff, type ProductRecord, productHistory } from '../../store/products.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import type { AppContext } from './context.js';

/** What a label scan resolves to; a mistyped identifier fails its check character here. */
export async function productFromScan(
  db: AppContext['db'],
  auth: Auth,
  scanned: string,
): Promise<ProductRecord> {
  const parsed = parseDin(scanned);
  if (!parsed.ok) throw new ApiError(400, parsed.reason, parsed.message, 'label');
  const product = await findProductByDin(db, auth.clinicId, parsed.din);
  if (!product) throw new ApiError(404, 'not_found', `No product ${parsed.din} in this clinic.`, 'label');
  return product;
}

/** The wristband's barcode: the clinic's facility code and the patient's MRN. */
export function wristbandId(facilityCode: string, mrn: string): string {
  return `${facilityCode}-${mrn}`;
}

const TraceSchema = z.object({
  din: z.string(),
  check: z.string(),
  source: z.string(),
  patientId: z.string().nullable(),
  sessionId: z.string().nullable(),
  useBy: z.string(),
  handOffs: z.array(
    z.object({
      kind: z.string(),
      location: z.string().nullable(),
      actorName: z.string(),
      actorRole: z.string(),
      at: z.string(),
    }),
  ),
});

export function productRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/products/scans',
    {
      config: permission('product.record'),
      schema: {
        tags: ['chain of custody'],
        summary:
          'A hand-off scan (keyboard-wedge text or typed); a retried scan with the same key is recorded once',
        body: z.strictObject({
          label: z.string().trim().min(1).max(64),
          handOff: z.enum(['lab_receipt', 'processing_start', 'processing_end', 'transport']),
          location: z.string().trim().min(1).max(100),
          idempotencyKey: z.string().min(8).max(100),
        }),
        response: {
          201: TraceSchema,
          200: TraceSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { label, handOff, location, idempotencyKey } = request.body;
      const product = await productFromScan(db, auth, label);
      const created = await db.transaction().execute(async (trx) => {
        const history = await productHistory(trx, auth.clinicId, product.id);
        const known = await trx
          .selectFrom('product_event')
          .select('id')
          .where('clinic_id', '=', auth.clinicId)
          .where('idempotency_key', '=', idempotencyKey)
          .executeTakeFirst();
        if (known) return false;
        const last = history.at(-1)?.kind ?? null;
        if (!mayFollow(last, handOff)) {
          throw new ApiError(
            409,
            'out_of_order',
            `${handOff} cannot follow ${last ?? 'nothing'} for product ${product.din}.`,
          );
        }
        await insertHandOff(trx, {
          clinicId: auth.clinicId,
          productId: product.id,
          kind: handOff,
          location,
          details: {},
          key: idempotencyKey,
          userId: auth.userId,
          role: auth.role,
        });
        await appendAudit(trx, auditContext(request), {
          action: `product.${handOff}`,
          entity: 'product',
          entityId: product.id,
          summary: { din: product.din, location },
        });
        return true;
      });
      return reply.code(created ? 201 : 200).send(await trace(auth, product));
    },
  );

  async function trace(auth: Auth, product: ProductRecord): Promise<z.infer<typeof TraceSchema>> {
    const history = await productHistory(db, auth.clinicId, product.id);
    return {
      din: product.din,
      check: product.checkChar,
      source: product.source,
      patientId: product.patientId,
      sessionId: product.sessionId,
      useBy: product.useBy.toISOString(),
      handOffs: history.map((h) => ({
        kind: h.kind,
        location: h.location,
        actorName: h.actorName,
        actorRole: h.actorRole,
        at: h.at.toISOString(),
      })),
    };
  }

  r.get(
    '/api/products/:din/trace',
    {
      config: permission('session.read'),
      schema: {
        tags: ['chain of custody'],
        summary: "A product's whole chain, from collection to administration",
        params: z.strictObject({ din: z.string().min(13).max(40) }),
        response: { 200: TraceSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return trace(auth, await productFromScan(db, auth, request.params.din));
    },
  );

  r.get(
    '/api/products/:din/label.svg',
    {
      config: permission('session.read'),
      schema: {
        tags: ['chain of custody'],
        summary: 'The product label to print (SVG, 100 × 100 mm)',
        params: z.strictObject({ din: z.string().min(13).max(40) }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const product = await productFromScan(db, auth, request.params.din);
      const [clinic, patient, protocol] = await Promise.all([
        findClinic(db, auth.clinicId),
        product.patientId ? findPatient(db, auth.clinicId, product.patientId) : null,
        product.protocolVersionId ? findProtocolVersion(db, auth.clinicId, product.protocolVersionId) : null,
      ]);
      if (!clinic || !patient) throw notFound('Product');
      const svg = renderLabel({
        din: product.din,
        productCode: product.productCode,
        productName: protocol?.content.title.en ?? 'Cellular therapy product',
        collectedAt: product.collectedAt ?? product.useBy,
        expiresAt: product.useBy,
        timeZone: clinic.timeZone,
        facilityName: clinic.name,
        localFacilityCode: true,
        storageTemperature: 'Room temperature (15–25 °C); do not refrigerate',
        patient: {
          nameLatin: fullName(patient.givenName, patient.familyName) || '—',
          ...(patient.givenNameAr
            ? { nameArabic: `${patient.givenNameAr} ${patient.familyNameAr ?? ''}`.trim() }
            : {}),
          dateOfBirth: patient.dateOfBirth,
          mrn: patient.mrn,
        },
      });
      return reply
        .type('image/svg+xml')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );

  r.get(
    '/api/patients/:id/wristband.svg',
    {
      config: permission('session.read'),
      schema: {
        tags: ['chain of custody'],
        summary: "The patient's wristband to print (SVG)",
        params: z.strictObject({ id: Uuid }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const [clinic, patient] = await Promise.all([
        findClinic(db, auth.clinicId),
        findPatient(db, auth.clinicId, request.params.id),
      ]);
      if (!clinic || !patient) throw notFound('Patient');
      const svg = renderWristband({
        wristbandId: wristbandId(clinic.facilityCode, patient.mrn),
        nameLatin: fullName(patient.givenName, patient.familyName) || '—',
        ...(patient.givenNameAr
          ? { nameArabic: `${patient.givenNameAr} ${patient.familyNameAr ?? ''}`.trim() }
          : {}),
        dateOfBirth: patient.dateOfBirth,
        mrn: patient.mrn,
      });
      return reply
        .type('image/svg+xml')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );

  r.get(
    '/api/products/:din/trace.csv',
    {
      config: permission('session.read'),
      schema: {
        tags: ['chain of custody'],
        summary: "A product's chain as CSV, for an inspector or a recall",
        params: z.strictObject({ din: z.string().min(13).max(40) }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const product = await productFromScan(db, auth, request.params.din);
      const t = await trace(auth, product);
      const cell = (v: string | null) => `"${(v ?? '').replaceAll('"', '""')}"`;
      const lines = [
        'din,check,hand_off,location,actor,role,at',
        ...t.handOffs.map((h) =>
          [t.din, t.check, h.kind, h.location, h.actorName, h.actorRole, h.at].map(cell).join(','),
        ),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="trace-${t.din}.csv"`)
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  r.get(
    '/api/patients/:id/products',
    {
      config: permission('session.read'),
      schema: {
        tags: ['chain of custody'],
        summary: 'Every product a patient received (administered to them), with its chain',
        params: z.strictObject({ id: Uuid }),
        response: { 200: z.object({ items: z.array(TraceSchema) }), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const patient = await findPatient(db, auth.clinicId, request.params.id);
      if (!patient) throw notFound('Patient');
      const rows = await db
        .selectFrom('product_event as e')
        .innerJoin('bedside_check as b', (join) =>
          join.onRef('b.product_id', '=', 'e.product_id').on('b.ok', '=', true),
        )
        .innerJoin('care_session as s', 's.id', 'b.session_id')
        .select('e.product_id')
        .distinct()
        .where('e.clinic_id', '=', auth.clinicId)
        .where('e.kind', '=', 'administered')
        .where('s.patient_id', '=', patient.id)
        .execute();
      const items = [];
      for (const { product_id } of rows) {
        const product = await db
          .selectFrom('product')
          .select('din')
          .where('id', '=', product_id)
          .executeTakeFirst();
        const record = product ? await findProductByDin(db, auth.clinicId, product.din) : null;
        if (record) items.push(await trace(auth, record));
      }
      return { items };
    },
  );
}
