import { type Kysely, type Migration, Migrator } from 'kysely';
import * as foundation from './migrations/0001_foundation.js';
import * as carePath from './migrations/0002_care_path.js';
import * as outbox from './migrations/0003_outbox.js';
import * as sessionDay from './migrations/0004_session_day.js';
import type { Database } from './schema.js';

/** Migrations are listed here in order; their names are recorded in the database once applied. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_care_path': carePath,
  '0003_outbox': outbox,
  '0004_session_day': sessionDay,
};

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
