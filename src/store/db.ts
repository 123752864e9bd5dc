import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// One set of type parsers for both engines: calendar dates stay 'YYYY-MM-DD' (a date of birth
// has no time zone), counts come back as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | null } // null: in memory, for tests
  | { kind: 'postgres'; url: string };

export interface Store {
  db: Kysely<Database>;
  target: DatabaseTarget;
  close(): Promise<void>;
}

/**
 * Opens CellPath's database. Both engines are reached through node-postgres and Kysely's
 * PostgresDialect, so every query and migration is the same SQL on both. PGlite is a single
 * connection, so its pool holds one: transactions never interleave.
 */
export async function openStore(target: DatabaseTarget): Promise<Store> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, close: () => db.destroy() };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const lite = await PGlite.create({ dataDir: target.dataDir ?? undefined, extensions: { pg_trgm } });
  const pool = new pg.Pool(createPgConfig(lite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    target,
    close: async () => {
      await db.destroy();
      await lite.close();
    },
  };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'postgres') return `PostgreSQL at ${new URL(target.url).host}`;
  return target.dataDir
    ? `embedded PostgreSQL (PGlite) in ${target.dataDir}`
    : 'embedded PostgreSQL (PGlite) in memory';
}
