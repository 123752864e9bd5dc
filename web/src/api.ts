import { SEXES, type Sex } from '../../src/domain/patient-rules.js';
import { type Role, STAFF_ROLES, type StaffRole } from '../../src/domain/roles.js';

// Roles and the patient fields' values are the server's own definitions (src/domain).
export { type Role, SEXES, type Sex, STAFF_ROLES, type StaffRole };

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

export function isStaff(role: Role): role is StaffRole {
  return role !== 'patient';
}

/** A failure the server described with `{ error: { code, message, field? } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
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
};
