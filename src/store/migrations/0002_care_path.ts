import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.js';

/**
 * The first half of the patient's path: protocols as versioned content, intake and screening,
 * treatment plans with their booked sessions, consent, and the preparation tasks' progress.
 * Every clinical row is insert-only: a correction, retirement, witness or tick is a new row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE protocol_version (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      code text NOT NULL,
      version integer NOT NULL,
      content jsonb NOT NULL,
      source text NOT NULL CHECK (source IN ('default', 'clinic')),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (clinic_id, code, version),
      UNIQUE (clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE protocol_retirement (
      version_id uuid PRIMARY KEY,
      clinic_id uuid NOT NULL,
      reason text NOT NULL,
      retired_by uuid NOT NULL REFERENCES app_user(id),
      retired_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, version_id) REFERENCES protocol_version(clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE intake (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      answers jsonb NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, patient_id) REFERENCES patient(clinic_id, id),
      UNIQUE (clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX intake_patient ON intake (clinic_id, patient_id, recorded_at DESC)`.execute(db);

  await sql`
    CREATE TABLE suitability_decision (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      intake_id uuid NOT NULL,
      findings jsonb NOT NULL,
      rules_version integer NOT NULL,
      decision text NOT NULL CHECK (decision IN ('suitable', 'unsuitable')),
      override_reason text,
      signed_by uuid NOT NULL REFERENCES app_user(id),
      signature_meaning text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, intake_id) REFERENCES intake(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX suitability_patient ON suitability_decision (clinic_id, patient_id, signed_at DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE treatment_plan (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      protocol_version_id uuid NOT NULL,
      condition_code text NOT NULL,
      target_site text NOT NULL,
      laterality text CHECK (laterality IN ('left', 'right', 'bilateral')),
      harvest_site text,
      harvest_laterality text CHECK (harvest_laterality IN ('left', 'right')),
      anesthesia text NOT NULL CHECK (anesthesia IN ('local', 'light_sedation')),
      imaging_guidance text NOT NULL CHECK (imaging_guidance IN ('ultrasound', 'fluoroscopy', 'none')),
      suitability_decision_id uuid NOT NULL REFERENCES suitability_decision(id),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, patient_id) REFERENCES patient(clinic_id, id),
      FOREIGN KEY (clinic_id, protocol_version_id) REFERENCES protocol_version(clinic_id, id),
      UNIQUE (clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX treatment_plan_patient ON treatment_plan (clinic_id, patient_id)`.execute(db);

  await sql`
    CREATE TABLE care_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      plan_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      sequence integer NOT NULL,
      starts_at timestamptz NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, plan_id) REFERENCES treatment_plan(clinic_id, id),
      UNIQUE (plan_id, sequence),
      UNIQUE (clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX care_session_day ON care_session (clinic_id, starts_at)`.execute(db);

  await sql`
    CREATE TABLE consent_signature (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      plan_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      protocol_version_id uuid NOT NULL,
      consent_version integer NOT NULL,
      language text NOT NULL CHECK (language IN ('en', 'ar')),
      content_hash text NOT NULL,
      typed_name text NOT NULL,
      signed_by uuid NOT NULL REFERENCES app_user(id),
      signature_meaning text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, plan_id) REFERENCES treatment_plan(clinic_id, id),
      UNIQUE (clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE consent_witness (
      signature_id uuid PRIMARY KEY,
      clinic_id uuid NOT NULL,
      witnessed_by uuid NOT NULL REFERENCES app_user(id),
      signature_meaning text NOT NULL,
      witnessed_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, signature_id) REFERENCES consent_signature(clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE task_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      task_code text NOT NULL,
      action text NOT NULL CHECK (action IN ('done', 'reopened', 'verified')),
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX task_event_session ON task_event (clinic_id, session_id, at)`.execute(db);

  await sql`
    CREATE TABLE task_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      task_code text NOT NULL,
      filename text NOT NULL,
      media_type text NOT NULL,
      size integer NOT NULL,
      sha256 text NOT NULL,
      data bytea NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES app_user(id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX task_file_session ON task_file (clinic_id, session_id)`.execute(db);

  await makeAppendOnly(db, [
    'protocol_version',
    'protocol_retirement',
    'intake',
    'suitability_decision',
    'treatment_plan',
    'care_session',
    'consent_signature',
    'consent_witness',
    'task_event',
    'task_file',
  ]);
}

export async function down(): Promise<void> {
  throw new Error('CellPath migrations are forward-only: restore a backup to go back.');
}
