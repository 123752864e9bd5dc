import type { Kysely, Transaction } from 'kysely';
import { Intake } from '../domain/screening/intake.js';
import type { Finding } from '../domain/screening/rules.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface IntakeRecord {
  id: string;
  answers: Intake;
  recordedAt: Date;
  recordedBy: string;
}

export interface DecisionRecord {
  id: string;
  intakeId: string;
  decision: 'suitable' | 'unsuitable';
  overrideReason: string | null;
  findings: Finding[];
  signedBy: string;
  signedAt: Date;
}

export async function insertIntake(
  trx: Transaction<Database>,
  clinicId: string,
  patientId: string,
  answers: Intake,
  userId: string,
): Promise<string> {
  const row = await trx
    .insertInto('intake')
    .values({
      clinic_id: clinicId,
      patient_id: patientId,
      answers: JSON.stringify(answers),
      recorded_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The patient's latest medical history; a correction is a newer row. */
export async function latestIntake(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<IntakeRecord | null> {
  const row = await db
    .selectFrom('intake as i')
    .innerJoin('app_user as u', 'u.id', 'i.recorded_by')
    .select(['i.id', 'i.answers', 'i.recorded_at', 'u.display_name'])
    .where('i.clinic_id', '=', clinicId)
    .where('i.patient_id', '=', patientId)
    .orderBy('i.recorded_at', 'desc')
    .orderBy('i.id')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    answers: Intake.parse(row.answers),
    recordedAt: row.recorded_at,
    recordedBy: row.display_name,
  };
}

export async function insertDecision(
  trx: Transaction<Database>,
  decision: {
    clinicId: string;
    patientId: string;
    intakeId: string;
    findings: Finding[];
    rulesVersion: number;
    decision: 'suitable' | 'unsuitable';
    overrideReason: string | null;
    signedBy: string;
    meaning: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('suitability_decision')
    .values({
      clinic_id: decision.clinicId,
      patient_id: decision.patientId,
      intake_id: decision.intakeId,
      findings: JSON.stringify(decision.findings),
      rules_version: decision.rulesVersion,
      decision: decision.decision,
      override_reason: decision.overrideReason,
      signed_by: decision.signedBy,
      signature_meaning: decision.meaning,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function latestDecision(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<DecisionRecord | null> {
  const row = await db
    .selectFrom('suitability_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.signed_by')
    .select([
      'd.id',
      'd.intake_id',
      'd.decision',
      'd.override_reason',
      'd.findings',
      'd.signed_at',
      'u.display_name',
    ])
    .where('d.clinic_id', '=', clinicId)
    .where('d.patient_id', '=', patientId)
    .orderBy('d.signed_at', 'desc')
    .orderBy('d.id')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    intakeId: row.intake_id,
    decision: row.decision,
    overrideReason: row.override_reason,
    findings: row.findings as Finding[],
    signedBy: row.display_name,
    signedAt: row.signed_at,
  };
}
