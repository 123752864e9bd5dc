import type { ColumnType, Generated } from 'kysely';
import type { OutboxStatus } from '../domain/outbox.js';
import type { CarePathTables, ProductTables, SessionDayTables } from './schema-care.js';

/** Column types as Kysely sees them; `date` columns come back as 'YYYY-MM-DD' strings (see db.ts). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ClinicTable {
  id: Generated<string>;
  name: string;
  time_zone: string;
  default_language: 'en' | 'ar';
  facility_code: string;
  next_mrn: Generated<number>;
  created_at: CreatedAt;
}

export interface PatientTable {
  id: Generated<string>;
  clinic_id: string;
  mrn: string;
  given_name: string | null;
  family_name: string | null;
  given_name_ar: string | null;
  family_name_ar: string | null;
  date_of_birth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  phone_digits: string | null;
  email: string | null;
  preferred_language: 'en' | 'ar';
  search_text: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface AppUserTable {
  id: Generated<string>;
  clinic_id: string;
  email: string;
  display_name: string;
  role: 'admin' | 'physician' | 'nurse' | 'lab_technician' | 'coordinator' | 'patient';
  patient_id: string | null;
  password_hash: string;
  failed_login_count: Generated<number>;
  last_failed_login_at: Date | null;
  locked_until: Date | null;
  created_at: CreatedAt;
}

export interface AuthSessionTable {
  id: string; // sha256 of the cookie token: a database leak does not leak live sessions
  user_id: string;
  clinic_id: string;
  created_at: Date;
  last_seen_at: Date;
}

export interface InviteTable {
  id: Generated<string>;
  clinic_id: string;
  token_hash: string;
  email: string;
  display_name: string;
  role: AppUserTable['role'];
  patient_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
}

export interface AuditEventTable {
  id: Generated<string>;
  chain: string;
  seq: number;
  clinic_id: string | null;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: unknown;
  at: Date;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface OutboxMessageTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string | null;
  kind: string;
  recipient: string;
  language: 'en' | 'ar';
  subject: string;
  body_text: string;
  due_at: Date;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  claimed_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface Database extends CarePathTables, SessionDayTables, ProductTables {
  clinic: ClinicTable;
  patient: PatientTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  invite: InviteTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  outbox_message: OutboxMessageTable;
}
