import type { Kysely, Transaction } from 'kysely';
import type { PlanChoice } from '../domain/booking/rules.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PlanRecord extends PlanChoice {
  id: string;
  patientId: string;
  protocolVersionId: string;
  createdAt: Date;
  sessions: SessionRecord[];
}

export interface SessionRecord {
  id: string;
  planId: string;
  patientId: string;
  sequence: number;
  startsAt: Date;
}

export async function insertPlan(
  trx: Transaction<Database>,
  plan: {
    clinicId: string;
    patientId: string;
    protocolVersionId: string;
    choice: PlanChoice;
    decisionId: string;
    userId: string;
  },
): Promise<string> {
  const c = plan.choice;
  const row = await trx
    .insertInto('treatment_plan')
    .values({
      clinic_id: plan.clinicId,
      patient_id: plan.patientId,
      protocol_version_id: plan.protocolVersionId,
      condition_code: c.conditionCode,
      target_site: c.targetSite,
      laterality: c.laterality ?? null,
      harvest_site: c.harvestSite ?? null,
      harvest_laterality: c.harvestLaterality ?? null,
      anesthesia: c.anesthesia,
      imaging_guidance: c.imagingGuidance,
      suitability_decision_id: plan.decisionId,
      created_by: plan.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds sessions to a plan's course, numbered after the ones it has. */
export async function insertSessions(
  trx: Transaction<Database>,
  plan: { clinicId: string; planId: string; patientId: string },
  startsAt: readonly Date[],
  userId: string,
): Promise<Array<{ id: string; startsAt: Date }>> {
  const last = await trx
    .selectFrom('care_session')
    .select((e) => e.fn.max('sequence').as('max'))
    .where('plan_id', '=', plan.planId)
    .executeTakeFirst();
  let sequence = Number(last?.max ?? 0);
  const created: Array<{ id: string; startsAt: Date }> = [];
  for (const start of [...startsAt].sort((a, b) => a.getTime() - b.getTime())) {
    sequence += 1;
    const row = await trx
      .insertInto('care_session')
      .values({
        clinic_id: plan.clinicId,
        plan_id: plan.planId,
        patient_id: plan.patientId,
        sequence,
        starts_at: start,
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    created.push({ id: row.id, startsAt: start });
  }
  return created;
}

function planQuery(db: Db, clinicId: string) {
  return db
    .selectFrom('treatment_plan')
    .select([
      'id',
      'patient_id',
      'protocol_version_id',
      'condition_code',
      'target_site',
      'laterality',
      'harvest_site',
      'harvest_laterality',
      'anesthesia',
      'imaging_guidance',
      'created_at',
    ])
    .where('clinic_id', '=', clinicId);
}

async function withSessions(
  db: Db,
  clinicId: string,
  rows: Awaited<ReturnType<ReturnType<typeof planQuery>['execute']>>,
): Promise<PlanRecord[]> {
  if (rows.length === 0) return [];
  const sessions = await db
    .selectFrom('care_session')
    .select(['id', 'plan_id', 'patient_id', 'sequence', 'starts_at'])
    .where('clinic_id', '=', clinicId)
    .where(
      'plan_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    protocolVersionId: r.protocol_version_id,
    conditionCode: r.condition_code,
    targetSite: r.target_site,
    laterality: r.laterality ?? undefined,
    harvestSite: r.harvest_site ?? undefined,
    harvestLaterality: r.harvest_laterality ?? undefined,
    anesthesia: r.anesthesia,
    imagingGuidance: r.imaging_guidance,
    createdAt: r.created_at,
    sessions: sessions
      .filter((s) => s.plan_id === r.id)
      .map((s) => ({
        id: s.id,
        planId: s.plan_id,
        patientId: s.patient_id,
        sequence: s.sequence,
        startsAt: s.starts_at,
      })),
  }));
}

export async function listPlans(db: Db, clinicId: string, patientId: string): Promise<PlanRecord[]> {
  const rows = await planQuery(db, clinicId)
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .execute();
  return withSessions(db, clinicId, rows);
}

export async function findPlan(db: Db, clinicId: string, planId: string): Promise<PlanRecord | null> {
  const rows = await planQuery(db, clinicId).where('id', '=', planId).execute();
  return (await withSessions(db, clinicId, rows))[0] ?? null;
}

export async function findSession(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('care_session')
    .select(['id', 'plan_id', 'patient_id', 'sequence', 'starts_at'])
    .where('clinic_id', '=', clinicId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        planId: row.plan_id,
        patientId: row.patient_id,
        sequence: row.sequence,
        startsAt: row.starts_at,
      }
    : null;
}
