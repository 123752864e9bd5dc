import { type Kysely, sql, type Transaction } from 'kysely';
import { ProtocolContent } from '../domain/protocol/schema.js';
import { appendAudit } from './audit.js';
import { loadDefaultProtocols } from './content.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProtocolVersionRecord {
  id: string;
  code: string;
  version: number;
  content: ProtocolContent;
  source: 'default' | 'clinic';
  createdAt: Date;
  retired: { reason: string; retiredAt: Date } | null;
}

let defaults: ProtocolContent[] | null = null;
/** The shipped protocols, read from content/ once per process. */
export function defaultProtocols(): ProtocolContent[] {
  defaults ??= loadDefaultProtocols();
  return defaults;
}

function versionQuery(db: Db, clinicId: string) {
  return db
    .selectFrom('protocol_version as v')
    .leftJoin('protocol_retirement as r', 'r.version_id', 'v.id')
    .select([
      'v.id',
      'v.code',
      'v.version',
      'v.content',
      'v.source',
      'v.created_at',
      'r.reason',
      'r.retired_at',
    ])
    .where('v.clinic_id', '=', clinicId);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

function toRecord(row: VersionRow): ProtocolVersionRecord {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    // Stored content passed the schema when it was written; parse again so types are real.
    content: ProtocolContent.parse(row.content),
    source: row.source,
    createdAt: row.created_at,
    retired: row.reason && row.retired_at ? { reason: row.reason, retiredAt: row.retired_at } : null,
  };
}

/** Loads the shipped protocols a clinic does not have yet (a new clinic, or a new default). */
export async function ensureDefaultProtocols(trx: Transaction<Database>, clinicId: string): Promise<number> {
  const existing = await trx
    .selectFrom('protocol_version')
    .select('code')
    .distinct()
    .where('clinic_id', '=', clinicId)
    .execute();
  const have = new Set(existing.map((r) => r.code));
  let added = 0;
  for (const content of defaultProtocols()) {
    if (have.has(content.code)) continue;
    const row = await trx
      .insertInto('protocol_version')
      .values({
        clinic_id: clinicId,
        code: content.code,
        version: content.version,
        content: JSON.stringify(content),
        source: 'default',
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      { clinicId, userId: null, role: 'system', requestId: null },
      {
        action: 'protocol.load_default',
        entity: 'protocol_version',
        entityId: row.id,
        summary: { code: content.code, version: content.version },
      },
    );
    added += 1;
  }
  return added;
}

/** The latest version of each of the clinic's protocols, retired ones included. */
export async function listLatestProtocols(db: Db, clinicId: string): Promise<ProtocolVersionRecord[]> {
  const rows = await versionQuery(db, clinicId)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('protocol_version as w')
          .select((e) => e.fn.max('w.version').as('max'))
          .whereRef('w.clinic_id', '=', 'v.clinic_id')
          .whereRef('w.code', '=', 'v.code'),
      ),
    )
    .orderBy('v.code')
    .execute();
  return rows.map(toRecord);
}

export async function listProtocolVersions(
  db: Db,
  clinicId: string,
  code: string,
): Promise<ProtocolVersionRecord[]> {
  const rows = await versionQuery(db, clinicId)
    .where('v.code', '=', code)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map(toRecord);
}

export async function findProtocolVersion(
  db: Db,
  clinicId: string,
  versionId: string,
): Promise<ProtocolVersionRecord | null> {
  const row = await versionQuery(db, clinicId).where('v.id', '=', versionId).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** A clinic's own edit of a protocol: always a new version, numbered after the latest. */
export async function insertProtocolVersion(
  trx: Transaction<Database>,
  clinicId: string,
  content: ProtocolContent,
  userId: string,
): Promise<string> {
  // Serialise version numbering per protocol: two editors never take the same number.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${clinicId}:${content.code}`}))`.execute(trx);
  const latest = await trx
    .selectFrom('protocol_version')
    .select((e) => e.fn.max('version').as('max'))
    .where('clinic_id', '=', clinicId)
    .where('code', '=', content.code)
    .executeTakeFirst();
  const version = Number(latest?.max ?? 0) + 1;
  const row = await trx
    .insertInto('protocol_version')
    .values({
      clinic_id: clinicId,
      code: content.code,
      version,
      content: JSON.stringify({ ...content, version }),
      source: 'clinic',
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRetirement(
  trx: Transaction<Database>,
  clinicId: string,
  versionId: string,
  reason: string,
  userId: string,
): Promise<void> {
  await trx
    .insertInto('protocol_retirement')
    .values({ version_id: versionId, clinic_id: clinicId, reason, retired_by: userId })
    .execute();
}
