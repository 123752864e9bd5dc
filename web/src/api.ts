import { OUTBOX_STATUSES, type OutboxStatus } from '../../src/domain/outbox.js';
import { SEXES, type Sex } from '../../src/domain/patient-rules.js';
import { isAllowed } from '../../src/domain/policy.js';
import type {
  Anesthesia,
  CellSource,
  ImagingGuidance,
  Laterality,
  MedicationClass,
  ProtocolContent,
} from '../../src/domain/protocol/schema.js';
import { type Role, STAFF_ROLES, type StaffRole } from '../../src/domain/roles.js';
import type { Intake } from '../../src/domain/screening/intake.js';
import { DISCHARGE_CRITERIA, type DischargeCriterion } from '../../src/domain/session/discharge.js';
import type { SessionEvent, SessionState } from '../../src/domain/session/state.js';
import type { TimeoutItem } from '../../src/domain/session/timeout.js';
import { TIMEOUT_ITEMS } from '../../src/domain/session/timeout.js';

export type { Anesthesia, CellSource, ImagingGuidance, Intake, Laterality, MedicationClass, ProtocolContent };
// Roles, the patient fields' values and the outbox statuses are the server's own definitions (src/domain).
export { OUTBOX_STATUSES, type OutboxStatus, type Role, SEXES, type Sex, STAFF_ROLES, type StaffRole };

// The choice lists the forms offer. They mirror src/domain (kept as literals here so the web bundle does
// not pull in zod); `satisfies` makes the compiler check them against the server's own types.
export const MEDICATION_CLASSES = [
  'nsaid',
  'aspirin',
  'anticoagulant',
  'antiplatelet',
  'corticosteroid',
  'immunosuppressant',
  'glp1_agonist',
  'other',
] as const satisfies readonly MedicationClass[];
export const SMOKING = ['never', 'former', 'current'] as const satisfies readonly Intake['smoking'][];
export const ALCOHOL = ['none', 'occasional', 'regular'] as const satisfies readonly Intake['alcohol'][];
export const CANCER = [
  'none',
  'past',
  'active',
  'blood_or_bone',
] as const satisfies readonly Intake['cancer'][];
export const DIABETES = [
  'none',
  'controlled',
  'uncontrolled',
] as const satisfies readonly Intake['diabetes'][];
export const LATERALITIES = ['left', 'right', 'bilateral'] as const satisfies readonly Laterality[];

export type Clinic = {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: 'en' | 'ar';
  facilityCode: string;
};
export type Me = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  patientId: string | null;
  clinic: Clinic;
};
export type Patient = {
  id: string;
  mrn: string;
  givenName: string | null;
  familyName: string | null;
  givenNameAr: string | null;
  familyNameAr: string | null;
  dateOfBirth: string;
  sex: Sex;
  phone: string | null;
  email: string | null;
  preferredLanguage: 'en' | 'ar';
  createdAt: string;
  hasPortalAccount: boolean;
};
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type Invite = { token: string; inviteUrl: string; email: string; role: Role; expiresAt: string };
export type StaffUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
  lockedUntil: string | null;
};
export type InviteInfo = {
  email: string;
  role: Role;
  displayName: string;
  clinicName: string;
  expiresAt: string;
};
export type NewPatient = {
  mrn?: string;
  givenName?: string;
  familyName?: string;
  givenNameAr?: string;
  familyNameAr?: string;
  dateOfBirth: string;
  sex: Sex;
  phone?: string;
  email?: string;
  preferredLanguage: 'en' | 'ar';
};

/** Bilingual text from content: show the reader's language. */
export type L = { en: string; ar: string };

export type ProtocolSummary = {
  code: string;
  versionId: string;
  version: number;
  status: 'active' | 'retired';
  availability: 'bookable' | 'trial_only';
  title: L;
  summary: L;
  cellSource: CellSource;
  conditions: { code: string; name: L }[];
  createdAt: string;
};
export type ProtocolVersion = ProtocolSummary & { content: ProtocolContent };

export type Finding = { code: string; severity: 'exclude' | 'caution'; reason: L; evidence: string[] };
export type RecordedIntake = Intake & { id: string; recordedAt: string; recordedBy: string };
export type Decision = {
  id: string;
  decision: 'suitable' | 'unsuitable';
  overrideReason: string | null;
  signedBy: string;
  signedAt: string;
  intakeId: string;
  current: boolean;
};
export type Screening = {
  intake: RecordedIntake | null;
  findings: Finding[];
  overall: 'exclude' | 'caution' | 'ok' | null;
  decision: Decision | null;
};

export type Session = {
  id: string;
  sequence: number;
  startsAt: string;
  localDate: string;
  localTime: string;
  status: string;
};
export type Signature = {
  id: string;
  typedName: string;
  signedAt: string;
  language: 'en' | 'ar';
  consentVersion: number;
  witness: null | { name: string; witnessedAt: string };
};
export type ConsentStatus = { valid: boolean; signature: Signature | null };
export type Plan = {
  id: string;
  patientId: string;
  protocol: ProtocolSummary;
  conditionCode: string;
  targetSite: string;
  laterality: Laterality | null;
  harvestSite: string | null;
  harvestLaterality: 'left' | 'right' | null;
  anesthesia: Anesthesia;
  imagingGuidance: ImagingGuidance;
  sessions: Session[];
  consent: ConsentStatus;
  createdAt: string;
};
export type NewPlan = {
  protocolVersionId: string;
  conditionCode: string;
  targetSite: string;
  laterality?: Laterality;
  harvestSite?: string;
  harvestLaterality?: 'left' | 'right';
  anesthesia: Anesthesia;
  imagingGuidance: ImagingGuidance;
  sessions: { date: string; time: string }[];
};
export type ConsentView = {
  planId: string;
  protocolTitle: L;
  consent: ProtocolContent['consent'];
  status: ConsentStatus;
};
export type TaskFile = { id: string; filename: string; mediaType: string; size: number; uploadedAt: string };
export type PrepTask = {
  code: string;
  owner: 'patient' | 'clinic' | 'prescriber';
  title: L;
  purpose: L;
  instructions: L;
  due: { kind: 'date'; date: string } | { kind: 'instant'; at: string };
  until: string | null;
  requiresUpload: boolean;
  status: 'open' | 'done' | 'verified';
  doneAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  files: TaskFile[];
};
export type Preparation = { sessionId: string; startsAt: string; timeZone: string; tasks: PrepTask[] };
export type TimelineEntry = {
  kind: 'task' | 'session' | 'follow_up';
  date: string;
  at?: string;
  title: L;
  sessionId?: string;
  taskCode?: string;
};
export type GuidePlan = Plan & { protocolContent: ProtocolContent; preparation: Preparation[] };
export type Guide = { patient: Patient; plans: GuidePlan[]; timeline: TimelineEntry[] };

/** A reminder in the clinic's outbox (`kind` is preparation_task or appointment, sent as a plain string). */
export type OutboxMessage = {
  id: string;
  patientId: string | null;
  kind: string;
  recipient: string;
  language: 'en' | 'ar';
  subject: string;
  bodyText: string;
  dueAt: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
};

// The session day. The lists mirror src/domain/session (literals here so the bundle stays small).
export const SESSION_STATES = [
  'booked',
  'checked_in',
  'checks_done',
  'harvesting',
  'harvested',
  'processing',
  'released',
  'product_issued',
  'injecting',
  'injected',
  'monitoring',
  'discharged',
  'cancelled',
  'aborted',
] as const satisfies readonly SessionState[];
/** The steps a button takes (the others come with a record of their own). */
export const BUTTON_EVENTS = [
  'check_in',
  'complete_checks',
  'start_harvest',
  'start_processing',
  'start_monitoring',
  'cancel',
  'abort',
] as const satisfies readonly SessionEvent[];
export type ButtonEvent = (typeof BUTTON_EVENTS)[number];
export const HAND_OFFS = ['lab_receipt', 'processing_start', 'processing_end', 'transport'] as const;
export type HandOff = (typeof HAND_OFFS)[number];
export const PROCESSING_METHODS = ['centrifuge', 'density_gradient', 'automated_system', 'other'] as const;
export type { SessionState, TimeoutItem };
// The time-out items and discharge criteria are the server's own lists (src/domain/session).
export { DISCHARGE_CRITERIA, type DischargeCriterion, TIMEOUT_ITEMS };

export type DayProduct = {
  din: string;
  check: string;
  status?: string | null;
  source?: string;
  useBy?: string;
  labelUrl?: string;
};
export type SessionDay = {
  sessionId: string;
  state: SessionState;
  cellSource: CellSource;
  nextEvents: string[];
  transitions: Array<{
    seq: number;
    event: string;
    from: string;
    to: string;
    reason: string | null;
    actorName: string;
    actorRole: string;
    at: string;
  }>;
  timeout: {
    complete: boolean;
    items: Array<{ item: TimeoutItem; status: 'passed' | 'waived' | 'open'; recorded: boolean }>;
    entries: Array<{
      item: string;
      outcome: string;
      note: string | null;
      actorName: string;
      role: string;
      at: string;
    }>;
  };
  durations: Array<{
    kind: string;
    minutes: number;
    minMinutes: number;
    maxMinutes: number;
    deviation: 'shorter' | 'longer' | null;
  }>;
  // Added by the server as the session day grows; absent on older servers.
  products?: DayProduct[];
  records?: Array<{ kind: string; data: unknown; actorName: string; at: string }>;
  vitals?: Array<Partial<VitalSigns> & { at?: string; actorName?: string }>;
  patient?: { id: string; name: string; mrn: string; wristbandUrl?: string };
};
export type StepResult = { state: string; din?: string; check?: string };
export type HarvestRecord = {
  site: string;
  laterality?: 'left' | 'right';
  anesthesia: { agent: string; doseMg: number };
  volumeMl: number;
  startedAt: string;
  endedAt: string;
};
export type ProcessingRecord = {
  method: (typeof PROCESSING_METHODS)[number];
  forceG: number;
  minutes: number;
  inputVolumeMl: number;
  outputVolumeMl: number;
  totalNucleatedCells: number | null;
  viabilityPercent: number;
  sterilitySampleTaken: boolean;
};
export type InjectionRecord = {
  imagingGuidance: ImagingGuidance;
  site: string;
  laterality?: Laterality;
  volumeMl: number;
  anesthesia: string;
};
export type VitalSigns = {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  temperatureC: number;
  painScore: number;
};
export type ProductTrace = {
  din: string;
  check: string;
  source: string;
  patientId?: string | null;
  sessionId?: string | null;
  useBy: string;
  handOffs: Array<{
    kind: string;
    location: string | null;
    actorName: string;
    actorRole: string;
    at: string;
  }>;
};
/** A donor product in the clinic's store (GET /api/donor-products). */
export type DonorProduct = {
  din: string;
  check: string;
  productCode: string;
  status: string | null;
  useBy: string;
  expired: boolean;
  details: { supplier?: string; lot?: string; donorId?: string; storageTemperature?: string };
};
export type NewDonorProduct = {
  label: string;
  productCode: string;
  supplier: string;
  lot: string;
  donorId: string;
  expiresAt: string;
  storageTemperature: string;
};
export type Refusal = { code: string; message: string };
export type BedsideVerdict = { ok: boolean; state: string; refusals: Refusal[] };
export type DischargeInstructions = {
  language: 'en' | 'ar';
  patientName: string;
  protocolTitle: L;
  postCare: L[];
  expectedSymptoms: Array<{ name: L; usualCourse: L }>;
  redFlags: Array<{ description: L; action: string }>;
  clinicName: string;
};
export type BoardSession = {
  sessionId: string;
  patientName: string;
  mrn: string;
  protocolTitle: L;
  startsAt: string;
  state: SessionState;
  stateSince: string;
  minutesInState: number;
  step: null | { kind: string; maxMinutes: number; overrunMinutes: number };
};
export type Board = { date: string; sessions: BoardSession[] };

export function isStaff(role: Role): role is StaffRole {
  return role !== 'patient';
}

/** Whether the server lets this role read the reminders outbox (its own policy, src/domain/policy.ts). */
export function canReadOutbox(role: Role): boolean {
  return isAllowed(role, 'outbox.read');
}

/** A failure the server described with `{ error: { code, message, field? } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole response body, for answers that carry more than an error (the bedside verdict). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  const multipart = body instanceof FormData;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined || multipart
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : response.statusText,
      typeof error?.field === 'string' ? error.field : undefined,
      data,
    );
  }
  return data as T;
}

/** Drops empty strings so optional fields are omitted rather than sent blank. */
function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    out[key as keyof T] = (typeof value === 'string' ? value.trim() : value) as T[keyof T];
  }
  return out;
}

export const api = {
  login: (email: string, password: string) =>
    request<{ user: Me }>('POST', '/api/auth/login', { email, password }).then((r) => r.user),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: async (): Promise<Me | null> => {
    try {
      return (await request<{ user: Me }>('GET', '/api/auth/me')).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  patients: (q: string, page: number, pageSize: number) => {
    const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (q.trim()) params.set('q', q.trim());
    return request<Page<Patient>>('GET', `/api/patients?${params}`);
  },
  patient: (id: string) => request<Patient>('GET', `/api/patients/${encodeURIComponent(id)}`),
  createPatient: (input: NewPatient) => request<Patient>('POST', '/api/patients', compact(input)),
  invitePatient: (id: string, email: string) =>
    request<Invite>('POST', `/api/patients/${encodeURIComponent(id)}/invite`, compact({ email })),
  staff: () => request<{ items: StaffUser[] }>('GET', '/api/staff').then((r) => r.items),
  inviteStaff: (input: { email: string; role: StaffRole; displayName: string }) =>
    request<Invite>('POST', '/api/invites', compact(input)),
  invite: (token: string) => request<InviteInfo>('GET', `/api/invites/${encodeURIComponent(token)}`),
  acceptInvite: (token: string, password: string, displayName?: string) =>
    request<{ user: Me }>('POST', `/api/invites/${encodeURIComponent(token)}/accept`, {
      password,
      ...(displayName?.trim() ? { displayName: displayName.trim() } : {}),
    }).then((r) => r.user),
  clinic: () => request<Clinic>('GET', '/api/clinic'),

  protocols: () => request<{ items: ProtocolSummary[] }>('GET', '/api/protocols').then((r) => r.items),
  protocolVersion: (versionId: string) =>
    request<ProtocolVersion>('GET', `/api/protocols/versions/${enc(versionId)}`),
  protocolVersions: (code: string) =>
    request<{ items: ProtocolSummary[] }>('GET', `/api/protocols/${enc(code)}/versions`).then((r) => r.items),
  createProtocolVersion: (code: string, content: unknown) =>
    request<ProtocolVersion>('POST', `/api/protocols/${enc(code)}/versions`, { content }),
  retireProtocolVersion: (versionId: string, reason: string) =>
    request<ProtocolSummary>('POST', `/api/protocols/versions/${enc(versionId)}/retire`, { reason }),

  screening: (patientId: string) => request<Screening>('GET', `/api/patients/${enc(patientId)}/screening`),
  recordIntake: (patientId: string, intake: Intake) =>
    request<Screening>('POST', `/api/patients/${enc(patientId)}/intake`, intake),
  signDecision: (
    patientId: string,
    body: { decision: 'suitable' | 'unsuitable'; overrideReason?: string; password: string },
  ) => request<Screening>('POST', `/api/patients/${enc(patientId)}/screening/decision`, body),

  plans: (patientId: string) =>
    request<{ items: Plan[] }>('GET', `/api/patients/${enc(patientId)}/plans`).then((r) => r.items),
  createPlan: (patientId: string, plan: NewPlan) =>
    request<Plan>('POST', `/api/patients/${enc(patientId)}/plans`, plan),
  addSession: (planId: string, session: { date: string; time: string }) =>
    request<Plan>('POST', `/api/plans/${enc(planId)}/sessions`, session),
  consent: (planId: string) => request<ConsentView>('GET', `/api/plans/${enc(planId)}/consent`),
  signConsent: (
    planId: string,
    body: { typedName: string; password: string; language: 'en' | 'ar'; consentVersion: number },
  ) => request<ConsentStatus>('POST', `/api/plans/${enc(planId)}/consent/sign`, body),
  witnessConsent: (planId: string, password: string) =>
    request<ConsentStatus>('POST', `/api/plans/${enc(planId)}/consent/witness`, { password }),

  preparation: (sessionId: string) =>
    request<Preparation>('GET', `/api/sessions/${enc(sessionId)}/preparation`),
  setTaskDone: (sessionId: string, code: string, done: boolean) =>
    request<PrepTask>('POST', `/api/sessions/${enc(sessionId)}/tasks/${enc(code)}/status`, { done }),
  verifyTask: (sessionId: string, code: string) =>
    request<PrepTask>('POST', `/api/sessions/${enc(sessionId)}/tasks/${enc(code)}/verify`, {}),
  uploadTaskFile: (sessionId: string, code: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<PrepTask>('POST', `/api/sessions/${enc(sessionId)}/tasks/${enc(code)}/files`, form);
  },
  guide: () => request<Guide>('GET', '/api/portal/guide'),

  sessionDay: (sessionId: string) => request<SessionDay>('GET', `/api/sessions/${enc(sessionId)}/day`),
  transition: (sessionId: string, event: ButtonEvent, reason?: string) =>
    request<SessionDay>('POST', `/api/sessions/${enc(sessionId)}/transitions`, compact({ event, reason })),
  timeoutCheck: (
    sessionId: string,
    body: { item: TimeoutItem; outcome: 'confirmed' | 'waived'; note?: string },
  ) => request<SessionDay>('POST', `/api/sessions/${enc(sessionId)}/timeout`, compact(body)),
  harvest: (sessionId: string, body: HarvestRecord) =>
    request<StepResult>('POST', `/api/sessions/${enc(sessionId)}/harvest`, body),
  scan: (body: { label: string; handOff: HandOff; location: string; idempotencyKey: string }) =>
    request<ProductTrace>('POST', '/api/products/scans', body),
  processing: (sessionId: string, body: ProcessingRecord) =>
    request<StepResult>('POST', `/api/sessions/${enc(sessionId)}/processing`, body),
  release: (sessionId: string, password: string) =>
    request<StepResult>('POST', `/api/sessions/${enc(sessionId)}/release`, { password }),
  bedside: (sessionId: string, body: { wristband: string; label: string }) =>
    request<BedsideVerdict>('POST', `/api/sessions/${enc(sessionId)}/bedside`, body),
  injection: (sessionId: string, body: InjectionRecord) =>
    request<BedsideVerdict>('POST', `/api/sessions/${enc(sessionId)}/injection`, body),
  vitals: (sessionId: string, body: VitalSigns) =>
    request<{ outOfRange: string[] }>('POST', `/api/sessions/${enc(sessionId)}/vitals`, body),
  discharge: (sessionId: string, criteria: Record<DischargeCriterion, boolean>) =>
    request<{ state: string }>('POST', `/api/sessions/${enc(sessionId)}/discharge`, { criteria }),
  dischargeInstructions: (sessionId: string) =>
    request<DischargeInstructions>('GET', `/api/sessions/${enc(sessionId)}/discharge-instructions`),
  donorProducts: () => request<{ items: DonorProduct[] }>('GET', '/api/donor-products').then((r) => r.items),
  receiveDonorProduct: (body: NewDonorProduct) =>
    request<DonorProduct>('POST', '/api/donor-products', compact(body)),
  quarantineDonorProduct: (label: string, reason: string) =>
    request<{ status: string }>('POST', `/api/donor-products/${enc(label)}/quarantine`, { reason }),
  issueDonorProduct: (sessionId: string, label?: string) =>
    request<StepResult>(
      'POST',
      `/api/sessions/${enc(sessionId)}/issue-donor-product`,
      label?.trim() ? { label: label.trim() } : {},
    ),
  trace: (label: string) => request<ProductTrace>('GET', `/api/products/${enc(label)}/trace`),
  patientProducts: (patientId: string) =>
    request<{ items: ProductTrace[] }>('GET', `/api/patients/${enc(patientId)}/products`).then(
      (r) => r.items,
    ),
  board: (date: string) => request<Board>('GET', `/api/board?${new URLSearchParams({ date })}`),

  outbox: (status: OutboxStatus | null, page: number, pageSize: number) => {
    const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (status) params.set('status', status);
    return request<Page<OutboxMessage>>('GET', `/api/outbox?${params}`);
  },
};

function enc(value: string): string {
  return encodeURIComponent(value);
}

export function fileUrl(fileId: string): string {
  return `/api/files/${enc(fileId)}`;
}

/** The printable product label (SVG); `label` is the DIN with its check character. */
export function labelUrl(label: string): string {
  return `/api/products/${enc(label)}/label.svg`;
}

/** The product's chain of custody as CSV (a download). */
export function traceCsvUrl(label: string): string {
  return `/api/products/${enc(label)}/trace.csv`;
}

/** The trace page of a product; `label` is the DIN with its check character. */
export function tracePath(label: string): string {
  return `/products/${enc(label)}/trace`;
}

export function wristbandUrl(patientId: string): string {
  return `/api/patients/${enc(patientId)}/wristband.svg`;
}

export function calendarUrl(sessionId: string): string {
  return `/api/sessions/${enc(sessionId)}/calendar.ics`;
}

/** Bilingual content text in the reader's language. */
export function tr(text: L, lang: 'en' | 'ar'): string {
  return text[lang] || text.en;
}
