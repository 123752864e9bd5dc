import { type Kysely, sql, type Transaction } from 'kysely';
import type { HandOff } from '../domain/custody/chain.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProductRecord {
  id: string;
  din: string;
  checkChar: string;
  source: 'autologous' | 'allogeneic';
  patientId: string | null;
  sessionId: string | null;
  protocolVersionId: string | null;
  productCode: string;
  collectedAt: Date | null;
  useBy: Date;
  details: Record<string, unknown>;
}

/** The next DIN sequence number of the clinic's year (ISBT 128: facility, year, sequence). */
export async function nextDinSequence(
  trx: Transaction<Database>,
  clinicId: string,
  year: number,
): Promise<number> {
  const row = await trx
    .insertInto('din_counter')
    .values({ clinic_id: clinicId, year, next: 2 })
    .onConflict((oc) =>
      oc.columns(['clinic_id', 'year']).doUpdateSet((eb) => ({ next: eb('din_counter.next', '+', 1) })),
    )
    .returning('next')
    .executeTakeFirstOrThrow();
  return row.next - 1;
}

export async function insertProduct(
  trx: Transaction<Database>,
  p: Omit<ProductRecord, 'id'> & { clinicId: string; userId: string },
): Promise<string> {
  const row = await trx
    .insertInto('product')
    .values({
      clinic_id: p.clinicId,
      din: p.din,
      check_char: p.checkChar,
      source: p.source,
      patient_id: p.patientId,
      session_id: p.sessionId,
      protocol_version_id: p.protocolVersionId,
      product_code: p.productCode,
      collected_at: p.collectedAt,
      use_by: p.useBy,
      details: JSON.stringify(p.details),
      created_by: p.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const PRODUCT_COLUMNS = [
  'id',
  'din',
  'check_char',
  'source',
  'patient_id',
  'session_id',
  'protocol_version_id',
  'product_code',
  'collected_at',
  'use_by',
  'details',
] as const;

function toProduct(r: {
  id: string;
  din: string;
  check_char: string;
  source: 'autologous' | 'allogeneic';
  patient_id: string | null;
  session_id: string | null;
  protocol_version_id: string | null;
  product_code: string;
  collected_at: Date | null;
  use_by: Date;
  details: unknown;
}): ProductRecord {
  return {
    id: r.id,
    din: r.din,
    checkChar: r.check_char,
    source: r.source,
    patientId: r.patient_id,
    sessionId: r.session_id,
    protocolVersionId: r.protocol_version_id,
    productCode: r.product_code,
    collectedAt: r.collected_at,
    useBy: r.use_by,
    details: (r.details ?? {}) as Record<string, unknown>,
  };
}

export async function findProductByDin(db: Db, clinicId: string, din: string): Promise<ProductRecord | null> {
  const row = await db
    .selectFrom('product')
    .select(PRODUCT_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('din', '=', din)
    .executeTakeFirst();
  return row ? toProduct(row) : null;
}

/** The session's products: collected in it, or donor products issued to it. */
export async function productsOfSession(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<ProductRecord[]> {
  const rows = await db
    .selectFrom('product')
    .select(PRODUCT_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where((eb) =>
      eb.or([
        eb('session_id', '=', sessionId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('product_event')
            .select('product_id')
            .where('clinic_id', '=', clinicId)
            .where('kind', '=', 'issued')
            .where(sql<string>`details->>'sessionId'`, '=', sessionId),
        ),
      ]),
    )
    .orderBy('created_at')
    .execute();
  return rows.map(toProduct);
}

export async function donorStock(db: Db, clinicId: string): Promise<ProductRecord[]> {
  const rows = await db
    .selectFrom('product')
    .select(PRODUCT_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('source', '=', 'allogeneic')
    .orderBy('use_by')
    .execute();
  return rows.map(toProduct);
}

export interface HandOffRecord {
  kind: HandOff;
  location: string | null;
  actorName: string;
  actorRole: string;
  at: Date;
  details: Record<string, unknown>;
}

export async function productHistory(db: Db, clinicId: string, productId: string): Promise<HandOffRecord[]> {
  const rows = await db
    .selectFrom('product_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.kind', 'e.location', 'e.actor_role', 'e.at', 'e.details', 'u.display_name'])
    .where('e.clinic_id', '=', clinicId)
    .where('e.product_id', '=', productId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    kind: r.kind as HandOff,
    location: r.location,
    actorName: r.display_name,
    actorRole: r.actor_role,
    at: r.at,
    details: (r.details ?? {}) as Record<string, unknown>,
  }));
}

/**
 * Records one hand-off. A scanner or a phone may send the same scan twice: the idempotency key
 * makes the retry a no-op (returns false), never a second event.
 */
export async function insertHandOff(
  trx: Transaction<Database>,
  e: {
    clinicId: string;
    productId: string;
    kind: HandOff;
    location: string | null;
    details: Record<string, unknown>;
    key: string;
    userId: string;
    role: string;
  },
): Promise<boolean> {
  const row = await trx
    .insertInto('product_event')
    .values({
      clinic_id: e.clinicId,
      product_id: e.productId,
      kind: e.kind,
      location: e.location,
      details: JSON.stringify(e.details),
      idempotency_key: e.key,
      actor_user_id: e.userId,
      actor_role: e.role,
    })
    .onConflict((oc) => oc.columns(['clinic_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSessionRecord(
  trx: Transaction<Database>,
  r: {
    clinicId: string;
    sessionId: string;
    kind: 'harvest' | 'processing' | 'release' | 'injection' | 'vitals' | 'discharge';
    productId: string | null;
    data: unknown;
    userId: string;
    meaning?: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('session_record')
    .values({
      clinic_id: r.clinicId,
      session_id: r.sessionId,
      kind: r.kind,
      product_id: r.productId,
      data: JSON.stringify(r.data),
      actor_user_id: r.userId,
      signature_meaning: r.meaning ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function sessionRecords(db: Db, clinicId: string, sessionId: string) {
  return db
    .selectFrom('session_record as r')
    .innerJoin('app_user as u', 'u.id', 'r.actor_user_id')
    .select([
      'r.id',
      'r.kind',
      'r.product_id',
      'r.data',
      'r.actor_user_id',
      'r.signature_meaning',
      'r.at',
      'u.display_name',
    ])
    .where('r.clinic_id', '=', clinicId)
    .where('r.session_id', '=', sessionId)
    .orderBy('r.at')
    .execute();
}

export async function insertBedsideCheck(
  trx: Transaction<Database>,
  c: {
    clinicId: string;
    sessionId: string;
    productId: string | null;
    wristband: string;
    label: string;
    ok: boolean;
    refusals: unknown;
    userId: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('bedside_check')
    .values({
      clinic_id: c.clinicId,
      session_id: c.sessionId,
      product_id: c.productId,
      wristband_scanned: c.wristband,
      label_scanned: c.label,
      ok: c.ok,
      refusals: JSON.stringify(c.refusals),
      actor_user_id: c.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAlert(
  trx: Transaction<Database>,
  a: {
    clinicId: string;
    patientId: string | null;
    sessionId: string | null;
    kind: string;
    severity: 'urgent' | 'today' | 'info';
    message: string;
    details: unknown;
  },
): Promise<string> {
  const row = await trx
    .insertInto('clinical_alert')
    .values({
      clinic_id: a.clinicId,
      patient_id: a.patientId,
      session_id: a.sessionId,
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      details: JSON.stringify(a.details),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
