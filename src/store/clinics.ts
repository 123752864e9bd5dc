import type { Kysely, Transaction } from 'kysely';
import type { Language } from '../domain/roles.js';
import { ensureDefaultProtocols } from './protocols.js';
import type { Database } from './schema.js';

export interface Clinic {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: Language;
  facilityCode: string;
}

export interface NewClinic {
  name: string;
  timeZone: string;
  defaultLanguage: Language;
  facilityCode: string;
}

type Db = Kysely<Database> | Transaction<Database>;

/** A new clinic starts with the shipped default protocols (as version 1 of its own copies). */
export async function insertClinic(trx: Transaction<Database>, clinic: NewClinic): Promise<Clinic> {
  const row = await trx
    .insertInto('clinic')
    .values({
      name: clinic.name,
      time_zone: clinic.timeZone,
      default_language: clinic.defaultLanguage,
      facility_code: clinic.facilityCode,
    })
    .returning(['id', 'name', 'time_zone', 'default_language', 'facility_code'])
    .executeTakeFirstOrThrow();
  await ensureDefaultProtocols(trx, row.id);
  return toClinic(row);
}

export async function listClinicIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('clinic').select('id').execute();
  return rows.map((r) => r.id);
}

export async function findClinic(db: Db, clinicId: string): Promise<Clinic | null> {
  const row = await db
    .selectFrom('clinic')
    .select(['id', 'name', 'time_zone', 'default_language', 'facility_code'])
    .where('id', '=', clinicId)
    .executeTakeFirst();
  return row ? toClinic(row) : null;
}

export async function countClinics(db: Db): Promise<number> {
  const row = await db
    .selectFrom('clinic')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function toClinic(row: {
  id: string;
  name: string;
  time_zone: string;
  default_language: Language;
  facility_code: string;
}): Clinic {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    defaultLanguage: row.default_language,
    facilityCode: row.facility_code,
  };
}
