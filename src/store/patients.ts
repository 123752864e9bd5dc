import { type Kysely, sql, type Transaction } from 'kysely';
import type { Sex } from '../domain/patient-rules.js';
import type { Language } from '../domain/roles.js';
import { normalizeForSearch, phoneDigits } from '../domain/search-text.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewPatient {
  mrn?: string | undefined;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  givenNameAr?: string | null | undefined;
  familyNameAr?: string | null | undefined;
  dateOfBirth: string;
  sex: Sex;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  preferredLanguage: Language;
}

export interface Patient {
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
  preferredLanguage: Language;
  createdAt: Date;
  hasPortalAccount: boolean;
}

const PATIENT_COLUMNS = [
  'p.id',
  'p.mrn',
  'p.given_name',
  'p.family_name',
  'p.given_name_ar',
  'p.family_name_ar',
  'p.date_of_birth',
  'p.sex',
  'p.phone',
  'p.email',
  'p.preferred_language',
  'p.created_at',
] as const;

function basePatientQuery(db: Db, clinicId: string) {
  return db
    .selectFrom('patient as p')
    .leftJoin('app_user as u', 'u.patient_id', 'p.id')
    .select([...PATIENT_COLUMNS, 'u.id as account_id'])
    .where('p.clinic_id', '=', clinicId);
}

type PatientRow = Awaited<ReturnType<ReturnType<typeof basePatientQuery>['executeTakeFirstOrThrow']>>;

function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    familyName: row.family_name,
    givenNameAr: row.given_name_ar,
    familyNameAr: row.family_name_ar,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    preferredLanguage: row.preferred_language,
    createdAt: row.created_at,
    hasPortalAccount: row.account_id !== null,
  };
}

export function searchTextOf(p: NewPatient): string {
  return normalizeForSearch(
    [p.givenName, p.familyName, p.givenNameAr, p.familyNameAr]
      .filter((part): part is string => !!part)
      .join(' '),
  );
}

/** The next free MRN from the clinic's counter: six digits, like the paper charts it replaces. */
async function nextMrn(trx: Transaction<Database>, clinicId: string): Promise<string> {
  for (;;) {
    const row = await trx
      .updateTable('clinic')
      .set((eb) => ({ next_mrn: eb('next_mrn', '+', 1) }))
      .where('id', '=', clinicId)
      .returning('next_mrn')
      .executeTakeFirstOrThrow();
    const mrn = String(row.next_mrn - 1).padStart(6, '0');
    if (!(await mrnTaken(trx, clinicId, mrn))) return mrn;
  }
}

export async function mrnTaken(db: Db, clinicId: string, mrn: string): Promise<boolean> {
  const row = await db
    .selectFrom('patient')
    .select('id')
    .where('clinic_id', '=', clinicId)
    .where('mrn', '=', mrn)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertPatient(
  trx: Transaction<Database>,
  clinicId: string,
  input: NewPatient,
  createdBy: string | null,
): Promise<Patient> {
  const mrn = input.mrn ?? (await nextMrn(trx, clinicId));
  const row = await trx
    .insertInto('patient')
    .values({
      clinic_id: clinicId,
      mrn,
      given_name: input.givenName ?? null,
      family_name: input.familyName ?? null,
      given_name_ar: input.givenNameAr ?? null,
      family_name_ar: input.familyNameAr ?? null,
      date_of_birth: input.dateOfBirth,
      sex: input.sex,
      phone: input.phone ?? null,
      phone_digits: input.phone ? phoneDigits(input.phone) : null,
      email: input.email ?? null,
      preferred_language: input.preferredLanguage,
      search_text: searchTextOf(input),
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const patient = await findPatient(trx, clinicId, row.id);
  if (!patient) throw new Error(`patient ${row.id} vanished inside its own transaction`);
  return patient;
}

export async function findPatient(db: Db, clinicId: string, patientId: string): Promise<Patient | null> {
  const row = await basePatientQuery(db, clinicId).where('p.id', '=', patientId).executeTakeFirst();
  return row ? toPatient(row) : null;
}

export interface PatientSearch {
  q?: string | undefined;
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Finds patients of one clinic by name in either script (every word must match, folded as in
 * `normalizeForSearch`), by MRN prefix, or by phone number suffix. Without a query: newest first.
 */
export async function searchPatients(
  db: Db,
  clinicId: string,
  search: PatientSearch,
): Promise<{ items: Patient[]; total: number }> {
  let query = basePatientQuery(db, clinicId);
  const q = search.q?.trim() ?? '';
  if (q) {
    const words = normalizeForSearch(q).split(' ').filter(Boolean);
    const digits = phoneDigits(q);
    query = query.where((eb) =>
      eb.or([
        ...(words.length > 0
          ? [eb.and(words.map((w) => eb('p.search_text', 'like', `%${escapeLike(w)}%`)))]
          : []),
        eb(eb.fn('lower', ['p.mrn']), 'like', `${escapeLike(q.toLowerCase())}%`),
        ...(digits.length >= 4 ? [eb('p.phone_digits', 'like', `%${digits}`)] : []),
      ]),
    );
  }
  const rows = await query
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('p.created_at', 'desc')
    .orderBy('p.mrn', 'desc') // patients registered in one transaction share created_at
    .orderBy('p.id')
    .limit(search.pageSize)
    .offset((search.page - 1) * search.pageSize)
    .execute();
  const total = rows[0] ? Number(rows[0].total) : await countMatches();
  return { items: rows.map(toPatient), total };

  // A page past the end has no rows to carry the window count; count separately then.
  async function countMatches(): Promise<number> {
    if (search.page === 1) return 0;
    const all = await searchPatients(db, clinicId, { ...search, page: 1, pageSize: 1 });
    return all.total;
  }
}
