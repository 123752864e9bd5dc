import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SignatureRecord {
  id: string;
  protocolVersionId: string;
  consentVersion: number;
  language: 'en' | 'ar';
  typedName: string;
  signedAt: Date;
  witness: { name: string; witnessedAt: Date } | null;
}

export async function insertSignature(
  trx: Transaction<Database>,
  s: {
    clinicId: string;
    planId: string;
    patientId: string;
    protocolVersionId: string;
    consentVersion: number;
    language: 'en' | 'ar';
    contentHash: string;
    typedName: string;
    userId: string;
    meaning: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('consent_signature')
    .values({
      clinic_id: s.clinicId,
      plan_id: s.planId,
      patient_id: s.patientId,
      protocol_version_id: s.protocolVersionId,
      consent_version: s.consentVersion,
      language: s.language,
      content_hash: s.contentHash,
      typed_name: s.typedName,
      signed_by: s.userId,
      signature_meaning: s.meaning,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertWitness(
  trx: Transaction<Database>,
  w: { clinicId: string; signatureId: string; userId: string; meaning: string },
): Promise<void> {
  await trx
    .insertInto('consent_witness')
    .values({
      signature_id: w.signatureId,
      clinic_id: w.clinicId,
      witnessed_by: w.userId,
      signature_meaning: w.meaning,
    })
    .execute();
}

/** The plan's latest signature, with its witness when there is one. */
export async function latestSignature(
  db: Db,
  clinicId: string,
  planId: string,
): Promise<SignatureRecord | null> {
  const row = await db
    .selectFrom('consent_signature as s')
    .leftJoin('consent_witness as w', 'w.signature_id', 's.id')
    .leftJoin('app_user as u', 'u.id', 'w.witnessed_by')
    .select([
      's.id',
      's.protocol_version_id',
      's.consent_version',
      's.language',
      's.typed_name',
      's.signed_at',
      'w.witnessed_at',
      'u.display_name as witness_name',
    ])
    .where('s.clinic_id', '=', clinicId)
    .where('s.plan_id', '=', planId)
    .orderBy('s.signed_at', 'desc')
    .orderBy('s.id')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    protocolVersionId: row.protocol_version_id,
    consentVersion: row.consent_version,
    language: row.language,
    typedName: row.typed_name,
    signedAt: row.signed_at,
    witness:
      row.witnessed_at && row.witness_name ? { name: row.witness_name, witnessedAt: row.witnessed_at } : null,
  };
}
