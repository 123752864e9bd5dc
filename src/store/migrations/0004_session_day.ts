import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.js';

/**
 * The session day: every transition, time-out item, product, hand-off scan, bedside check and
 * clinical record of the day is a row that is never changed. A product's status is the latest of
 * its events; a session's state is its latest transition.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_transition (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      seq integer NOT NULL,
      event text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      reason text,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_role text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id),
      UNIQUE (session_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE timeout_check (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      item text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('confirmed', 'waived')),
      note text,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_role text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX timeout_check_session ON timeout_check (clinic_id, session_id)`.execute(db);

  await sql`
    CREATE TABLE din_counter (
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      year integer NOT NULL,
      next integer NOT NULL,
      PRIMARY KEY (clinic_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE product (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      din text NOT NULL,
      check_char text NOT NULL,
      source text NOT NULL CHECK (source IN ('autologous', 'allogeneic')),
      patient_id uuid,
      session_id uuid,
      protocol_version_id uuid,
      product_code text NOT NULL,
      collected_at timestamptz,
      use_by timestamptz NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (clinic_id, din),
      UNIQUE (clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE product_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      product_id uuid NOT NULL,
      kind text NOT NULL,
      location text,
      details jsonb NOT NULL DEFAULT '{}',
      idempotency_key text NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_role text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, product_id) REFERENCES product(clinic_id, id),
      UNIQUE (clinic_id, idempotency_key)
    )`.execute(db);
  await sql`CREATE INDEX product_event_product ON product_event (clinic_id, product_id, at)`.execute(db);

  await sql`
    CREATE TABLE bedside_check (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      product_id uuid,
      wristband_scanned text NOT NULL,
      label_scanned text NOT NULL,
      ok boolean NOT NULL,
      refusals jsonb NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE clinical_alert (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      patient_id uuid,
      session_id uuid,
      kind text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('urgent', 'today', 'info')),
      message text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX clinical_alert_clinic ON clinical_alert (clinic_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE session_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL,
      session_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('harvest', 'processing', 'release', 'injection', 'vitals', 'discharge')),
      product_id uuid,
      data jsonb NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      signature_meaning text,
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, session_id) REFERENCES care_session(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX session_record_session ON session_record (clinic_id, session_id, kind)`.execute(db);

  await makeAppendOnly(db, [
    'session_transition',
    'timeout_check',
    'product',
    'product_event',
    'bedside_check',
    'clinical_alert',
    'session_record',
  ]);
}

export async function down(): Promise<void> {
  throw new Error('CellPath migrations are forward-only: restore a backup to go back.');
}
