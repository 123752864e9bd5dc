import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../src/domain/roles.js';
import { insertUser } from '../../src/store/accounts.js';
import { appendAudit } from '../../src/store/audit.js';
import { type Clinic, insertClinic } from '../../src/store/clinics.js';
import { hashPassword } from '../../src/store/passwords.js';
import { insertPatient, type NewPatient, type Patient } from '../../src/store/patients.js';
import type { Database } from '../../src/store/schema.js';

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | null = null;

export interface Account {
  email: string;
  password: string;
  userId: string;
}

export interface ClinicFixture {
  clinic: Clinic;
  staff: Record<Exclude<Role, 'patient'>, Account>;
  patients: Patient[];
  /** Patient accounts, each linked to the patient at the same index. */
  patientAccounts: Account[];
}

const SAMPLE_PATIENTS: NewPatient[] = [
  {
    givenName: 'Nadia',
    familyName: 'Haddad',
    givenNameAr: 'نادية',
    familyNameAr: 'حداد',
    dateOfBirth: '1970-03-04',
    sex: 'female',
    phone: '+966 50 111 2233',
    preferredLanguage: 'ar',
  },
  {
    givenName: 'Peter',
    familyName: 'Olsen',
    dateOfBirth: '1961-09-15',
    sex: 'male',
    phone: '+47 912 34 567',
    preferredLanguage: 'en',
  },
];

/** A random ISBT 128-shaped facility code: one clinic per test, never two alike in practice. */
function randomFacilityCode(): string {
  const first = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
  const middle = 'ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789';
  const [a = 0, b = 0, c = 0, d = 0] = randomBytes(4);
  return `${first[a % first.length]}${middle[b % middle.length]}${middle[c % middle.length]}${String(d % 100).padStart(2, '0')}`;
}

/** A clinic of its own for one test: one account per staff role and two patients with accounts. */
export async function createClinic(db: Kysely<Database>): Promise<ClinicFixture> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const tag = randomBytes(4).toString('hex');
  return db.transaction().execute(async (trx) => {
    const clinic = await insertClinic(trx, {
      name: `Test Clinic ${tag}`,
      timeZone: 'Asia/Dubai',
      defaultLanguage: 'en',
      facilityCode: randomFacilityCode(),
    });
    const ctx = { clinicId: clinic.id, userId: null, role: 'system', requestId: null };
    await appendAudit(trx, ctx, {
      action: 'clinic.create',
      entity: 'clinic',
      entityId: clinic.id,
      summary: {},
    });
    const staff = {} as ClinicFixture['staff'];
    for (const role of ['admin', 'physician', 'nurse', 'lab_technician', 'coordinator'] as const) {
      const email = `${role}-${tag}@test.clinic`;
      const user = await insertUser(trx, {
        clinicId: clinic.id,
        email,
        displayName: `${role} ${tag}`,
        role,
        patientId: null,
        passwordHash: hash,
      });
      staff[role] = { email, password: PASSWORD, userId: user.id };
    }
    const patients: Patient[] = [];
    const patientAccounts: Account[] = [];
    for (const [i, input] of SAMPLE_PATIENTS.entries()) {
      const patient = await insertPatient(
        trx,
        clinic.id,
        { ...input, email: `patient${i}-${tag}@example.org` },
        null,
      );
      const email = `patient${i}-${tag}@test.clinic`;
      const user = await insertUser(trx, {
        clinicId: clinic.id,
        email,
        displayName: input.givenName ?? 'Patient',
        role: 'patient',
        patientId: patient.id,
        passwordHash: hash,
      });
      patients.push({ ...patient, hasPortalAccount: true });
      patientAccounts.push({ email, password: PASSWORD, userId: user.id });
    }
    return { clinic, staff, patients, patientAccounts };
  });
}

/** A tiny HTTP client that keeps one session cookie, like a browser tab. */
export class Client {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.cookie) (init.headers as Record<string, string>).cookie = this.cookie;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('cellpath_session=')) {
      const value = setCookie.split(';')[0] ?? '';
      this.cookie = value === 'cellpath_session=' ? null : value;
    }
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }

  async login(account: { email: string; password: string }) {
    const response = await this.post('/api/auth/login', { email: account.email, password: account.password });
    if (response.status !== 200)
      throw new Error(`login ${account.email} failed: ${response.status} ${response.text}`);
    return response;
  }
}

export async function signedIn(
  baseUrl: string,
  account: { email: string; password: string },
): Promise<Client> {
  const client = new Client(baseUrl);
  await client.login(account);
  return client;
}

export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
