import { type Kysely, sql } from 'kysely';

/**
 * Makes clinical tables refuse UPDATE and DELETE at the database itself (the `refuse_change`
 * trigger function comes from 0001): corrections are new rows, never edits.
 */
export async function makeAppendOnly(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_append_only`)}
      BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
  }
}
