import { type Kysely, sql } from 'kysely';

/**
 * Reminder messages waiting to go out (preparation tasks, appointments). A row moves
 * pending → sending → sent, or back to pending for a retry, or to failed; a row found in
 * `sending` after its worker stopped becomes `unknown` and is never resent automatically.
 * `claimed_at` tells an abandoned send from one still in progress on another app process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE outbox_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      patient_id uuid,
      kind text NOT NULL,
      recipient text NOT NULL,
      language text NOT NULL CHECK (language IN ('en', 'ar')),
      subject text NOT NULL,
      body_text text NOT NULL,
      due_at timestamptz NOT NULL,
      idempotency_key text NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'unknown')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      claimed_at timestamptz,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (clinic_id, idempotency_key),
      FOREIGN KEY (clinic_id, patient_id) REFERENCES patient(clinic_id, id),
      CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL),
      CHECK (status <> 'sending' OR claimed_at IS NOT NULL),
      CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX outbox_message_due ON outbox_message (status, next_attempt_at)`.execute(db);
  await sql`CREATE INDEX outbox_message_clinic_due ON outbox_message (clinic_id, due_at, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('CellPath migrations are forward-only: restore a backup to go back.');
}
