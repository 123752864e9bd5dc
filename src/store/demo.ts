import type { Kysely } from 'kysely';
import type { Role } from '../domain/roles.js';
import { insertUser } from './accounts.js';
import { appendAudit } from './audit.js';
import { type Clinic, countClinics, insertClinic } from './clinics.js';
import { seedDemoCare } from './demo-care.js';
import { hashPassword } from './passwords.js';
import { insertPatient, type NewPatient } from './patients.js';
import type { Database } from './schema.js';

export const DEMO_PASSWORD = 'cellpath-demo';

export const DEMO_STAFF: ReadonlyArray<{ email: string; displayName: string; role: Role }> = [
  { email: 'admin@demo.clinic', displayName: 'Amal Haddad', role: 'admin' },
  { email: 'physician@demo.clinic', displayName: 'Dr. Omar Khalil', role: 'physician' },
  { email: 'nurse@demo.clinic', displayName: 'Sara Mansour', role: 'nurse' },
  { email: 'lab@demo.clinic', displayName: 'Yousef Nasser', role: 'lab_technician' },
  { email: 'coordinator@demo.clinic', displayName: 'Lina Farouk', role: 'coordinator' },
];
export const DEMO_PATIENT_EMAIL = 'patient@demo.clinic';

const DEMO_PATIENTS: NewPatient[] = [
  {
    givenName: 'Mariam',
    familyName: 'Al-Sayed',
    givenNameAr: 'مريم',
    familyNameAr: 'السيد',
    dateOfBirth: '1968-04-12',
    sex: 'female',
    phone: '+966 50 123 4567',
    email: DEMO_PATIENT_EMAIL,
    preferredLanguage: 'ar',
  },
  {
    givenName: 'Ahmed',
    familyName: 'Al-Rashid',
    givenNameAr: 'أحمد',
    familyNameAr: 'الراشد',
    dateOfBirth: '1959-11-02',
    sex: 'male',
    phone: '+966 55 987 6543',
    email: null,
    preferredLanguage: 'ar',
  },
  {
    givenName: 'Claire',
    familyName: 'Dubois',
    dateOfBirth: '1975-07-21',
    sex: 'female',
    phone: '+33 6 12 34 56 78',
    email: 'claire.dubois@example.org',
    preferredLanguage: 'en',
  },
  {
    givenName: 'James',
    familyName: 'Carter',
    dateOfBirth: '1982-01-30',
    sex: 'male',
    phone: '+44 7700 900123',
    email: null,
    preferredLanguage: 'en',
  },
];

export interface DemoSeed {
  clinic: Clinic;
  accounts: string[];
}

/** Creates the demo clinic on an empty database; returns null when there is data already. */
export async function seedDemo(db: Kysely<Database>): Promise<DemoSeed | null> {
  if ((await countClinics(db)) > 0) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const clinic = await insertClinic(trx, {
      name: 'CellPath Demo Clinic',
      timeZone: 'Asia/Riyadh',
      defaultLanguage: 'en',
      facilityCode: 'W0001',
    });
    const context = { clinicId: clinic.id, userId: null, role: 'system', requestId: null };
    await appendAudit(trx, context, {
      action: 'clinic.create',
      entity: 'clinic',
      entityId: clinic.id,
      summary: { name: clinic.name, demo: true },
    });
    const staffIds: Partial<Record<Role, string>> = {};
    for (const staff of DEMO_STAFF) {
      const user = await insertUser(trx, { ...staff, clinicId: clinic.id, patientId: null, passwordHash });
      staffIds[staff.role] = user.id;
      await appendAudit(trx, context, {
        action: 'user.create',
        entity: 'user',
        entityId: user.id,
        summary: { role: user.role, demo: true },
      });
    }
    const patients = [];
    for (const input of DEMO_PATIENTS) {
      const patient = await insertPatient(trx, clinic.id, input, null);
      patients.push(patient);
      await appendAudit(trx, context, {
        action: 'patient.create',
        entity: 'patient',
        entityId: patient.id,
        summary: { mrn: patient.mrn, demo: true },
      });
    }
    const first = patients[0];
    if (first) {
      const user = await insertUser(trx, {
        clinicId: clinic.id,
        email: DEMO_PATIENT_EMAIL,
        displayName: 'Mariam Al-Sayed',
        role: 'patient',
        patientId: first.id,
        passwordHash,
      });
      await appendAudit(trx, context, {
        action: 'user.create',
        entity: 'user',
        entityId: user.id,
        summary: { role: 'patient', patientId: first.id, demo: true },
      });
      await seedDemoCare(trx, {
        clinic,
        patient: first,
        nurseId: staffIds.nurse ?? '',
        physicianId: staffIds.physician ?? '',
        coordinatorId: staffIds.coordinator ?? '',
        now: new Date(),
      });
    }
    return { clinic, accounts: [...DEMO_STAFF.map((s) => s.email), DEMO_PATIENT_EMAIL] };
  });
}
