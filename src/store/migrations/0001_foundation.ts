import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.js';

/**
 * Clinics, accounts, login sessions, invites, patients and the hash-chained audit trail.
 * Clinical rows (patients, audit events) refuse UPDATE and DELETE at the database itself:
 * corrections are new rows, so nothing acknowledged is ever lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE clinic (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      time_zone text NOT NULL,
      default_language text NOT NULL CHECK (default_language IN ('en', 'ar')),
      facility_code text NOT NULL UNIQUE,
      next_mrn integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE patient (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      mrn text NOT NULL,
      given_name text,
      family_name text,
      given_name_ar text,
      family_name_ar text,
      date_of_birth date NOT NULL,
      sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
      phone text,
      phone_digits text,
      email text,
      preferred_language text NOT NULL CHECK (preferred_language IN ('en', 'ar')),
      search_text text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      UNIQUE (clinic_id, mrn),
      UNIQUE (clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX patient_clinic_created ON patient (clinic_id, created_at DESC, mrn DESC, id)`.execute(
    db,
  );
  await sql`CREATE INDEX patient_search_trgm ON patient USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX patient_phone ON patient (clinic_id, phone_digits text_pattern_ops)`.execute(db);

  await sql`
    CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'physician', 'nurse', 'lab_technician', 'coordinator', 'patient')),
      patient_id uuid UNIQUE,
      password_hash text NOT NULL,
      failed_login_count integer NOT NULL DEFAULT 0,
      last_failed_login_at timestamptz,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (clinic_id, patient_id) REFERENCES patient(clinic_id, id),
      CHECK ((role = 'patient') = (patient_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX app_user_email ON app_user (lower(email))`.execute(db);
  await sql`CREATE INDEX app_user_clinic ON app_user (clinic_id)`.execute(db);

  await sql`
    CREATE TABLE auth_session (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX auth_session_user ON auth_session (user_id)`.execute(db);

  await sql`
    CREATE TABLE invite (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      token_hash text NOT NULL UNIQUE,
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL,
      patient_id uuid,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_user_id uuid REFERENCES app_user(id),
      FOREIGN KEY (clinic_id, patient_id) REFERENCES patient(clinic_id, id)
    )`.execute(db);
  await sql`CREATE INDEX invite_clinic ON invite (clinic_id)`.execute(db);

  await sql`
    CREATE TABLE audit_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      chain text NOT NULL,
      seq integer NOT NULL,
      clinic_id uuid REFERENCES clinic(id),
      actor_user_id uuid,
      actor_role text,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text,
      summary jsonb NOT NULL,
      at timestamptz NOT NULL,
      request_id text,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (chain, seq)
    )`.execute(db);
  await sql`CREATE INDEX audit_event_entity ON audit_event (clinic_id, entity, entity_id)`.execute(db);

  await sql`
    CREATE TABLE audit_chain_head (
      chain text PRIMARY KEY,
      seq integer NOT NULL,
      hash text NOT NULL
    )`.execute(db);

  await sql`
    CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% rows are append-only: correct them with a new row', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await makeAppendOnly(db, ['audit_event', 'patient']);
}

export async function down(): Promise<void> {
  throw new Error('CellPath migrations are forward-only: restore a backup to go back.');
}
