import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ProtocolVersionTable {
  id: Generated<string>;
  clinic_id: string;
  code: string;
  version: number;
  content: unknown;
  source: 'default' | 'clinic';
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ProtocolRetirementTable {
  version_id: string;
  clinic_id: string;
  reason: string;
  retired_by: string;
  retired_at: CreatedAt;
}

export interface IntakeTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  answers: unknown;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface SuitabilityDecisionTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  intake_id: string;
  findings: unknown;
  rules_version: number;
  decision: 'suitable' | 'unsuitable';
  override_reason: string | null;
  signed_by: string;
  signature_meaning: string;
  signed_at: CreatedAt;
}

export interface TreatmentPlanTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string;
  protocol_version_id: string;
  condition_code: string;
  target_site: string;
  laterality: 'left' | 'right' | 'bilateral' | null;
  harvest_site: string | null;
  harvest_laterality: 'left' | 'right' | null;
  anesthesia: 'local' | 'light_sedation';
  imaging_guidance: 'ultrasound' | 'fluoroscopy' | 'none';
  suitability_decision_id: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface CareSessionTable {
  id: Generated<string>;
  clinic_id: string;
  plan_id: string;
  patient_id: string;
  sequence: number;
  starts_at: Date;
  created_by: string;
  created_at: CreatedAt;
}

export interface ConsentSignatureTable {
  id: Generated<string>;
  clinic_id: string;
  plan_id: string;
  patient_id: string;
  protocol_version_id: string;
  consent_version: number;
  language: 'en' | 'ar';
  content_hash: string;
  typed_name: string;
  signed_by: string;
  signature_meaning: string;
  signed_at: CreatedAt;
}

export interface ConsentWitnessTable {
  signature_id: string;
  clinic_id: string;
  witnessed_by: string;
  signature_meaning: string;
  witnessed_at: CreatedAt;
}

export interface TaskEventTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  task_code: string;
  action: 'done' | 'reopened' | 'verified';
  actor_user_id: string;
  at: CreatedAt;
}

export interface TaskFileTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  task_code: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: string;
  uploaded_at: CreatedAt;
}

export interface CarePathTables {
  protocol_version: ProtocolVersionTable;
  protocol_retirement: ProtocolRetirementTable;
  intake: IntakeTable;
  suitability_decision: SuitabilityDecisionTable;
  treatment_plan: TreatmentPlanTable;
  care_session: CareSessionTable;
  consent_signature: ConsentSignatureTable;
  consent_witness: ConsentWitnessTable;
  task_event: TaskEventTable;
  task_file: TaskFileTable;
}

export interface SessionTransitionTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  seq: number;
  event: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  actor_user_id: string;
  actor_role: string;
  at: CreatedAt;
}

export interface TimeoutCheckTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  item: string;
  outcome: 'confirmed' | 'waived';
  note: string | null;
  actor_user_id: string;
  actor_role: string;
  at: CreatedAt;
}

export interface SessionDayTables {
  session_transition: SessionTransitionTable;
  timeout_check: TimeoutCheckTable;
}

export interface ProductTable {
  id: Generated<string>;
  clinic_id: string;
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
  created_by: string;
  created_at: CreatedAt;
}

export interface ProductEventTable {
  id: Generated<string>;
  clinic_id: string;
  product_id: string;
  kind: string;
  location: string | null;
  details: unknown;
  idempotency_key: string;
  actor_user_id: string;
  actor_role: string;
  at: CreatedAt;
}

export interface BedsideCheckTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  product_id: string | null;
  wristband_scanned: string;
  label_scanned: string;
  ok: boolean;
  refusals: unknown;
  actor_user_id: string;
  at: CreatedAt;
}

export interface ClinicalAlertTable {
  id: Generated<string>;
  clinic_id: string;
  patient_id: string | null;
  session_id: string | null;
  kind: string;
  severity: 'urgent' | 'today' | 'info';
  message: string;
  details: unknown;
  created_at: CreatedAt;
}

export interface SessionRecordTable {
  id: Generated<string>;
  clinic_id: string;
  session_id: string;
  kind: 'harvest' | 'processing' | 'release' | 'injection' | 'vitals' | 'discharge';
  product_id: string | null;
  data: unknown;
  actor_user_id: string;
  signature_meaning: string | null;
  at: CreatedAt;
}

export interface DinCounterTable {
  clinic_id: string;
  year: number;
  next: number;
}

export interface ProductTables {
  product: ProductTable;
  product_event: ProductEventTable;
  bedside_check: BedsideCheckTable;
  clinical_alert: ClinicalAlertTable;
  session_record: SessionRecordTable;
  din_counter: DinCounterTable;
}
