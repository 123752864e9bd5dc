import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { verifyAuditTrail } from '../../src/store/audit.js';
import { openStore } from '../../src/store/db.js';
import { runCli, serveCli, tempDataDir } from '../support/cli.js';
import { createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('audit trail on $name', ({ target }) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ target });
    const fixture = await createClinic(server.store.db);
    const nurse = await signedIn(server.url, fixture.staff.nurse);
    await Promise.all(
      ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((givenName) =>
        nurse.post('/api/patients', {
          givenName,
          familyName: 'Test',
          dateOfBirth: '1980-01-01',
          sex: 'unknown',
          preferredLanguage: 'en',
        }),
      ),
    );
  });
  afterAll(() => server?.close());

  it('keeps each clinic chain intact under concurrent writes', async () => {
    const result = await verifyAuditTrail(server.store.db);
    expect(result.problem).toBeNull();
    expect(result.events).toBeGreaterThan(5);
  });

  it('refuses to update or delete audit events and patients in place', async () => {
    const db = server.store.db;
    await expect(db.updateTable('audit_event').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('patient').set({ family_name: 'X' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('patient').execute()).rejects.toThrow(/append-only/);
  });
});

describe('cellpath audit verify', () => {
  const dataDir = tempDataDir();
  const env = { CELLPATH_DATA_DIR: dataDir, CELLPATH_DEMO: '1' };

  beforeAll(async () => {
    // A real demo server writes the trail, signs a nurse in and registers a patient; then stops.
    const serve = await serveCli(env);
    const login = await fetch(`${serve.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nurse@demo.clinic', password: 'cellpath-demo' }),
    });
    expect(login.status).toBe(200);
    serve.child.kill('SIGTERM');
    await serve.exited;
  }, 120_000);

  it('passes on an untouched trail and names the first row altered by hand', async () => {
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.stdout, ok.stderr).toMatch(/Audit trail intact: \d+ events/);
    expect(ok.code).toBe(0);

    const store = await openStore({ kind: 'pglite', dataDir });
    const victim = await store.db
      .selectFrom('audit_event')
      .select(['id', 'seq'])
      .where('action', '=', 'auth.login')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`.execute(store.db);
    await sql`UPDATE audit_event SET summary = '{"edited": true}' WHERE id = ${victim.id}`.execute(store.db);
    await store.close();

    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`event id ${victim.id}`);
    expect(broken.stderr).toContain('was altered');
  }, 120_000);

  it('names a removed row', async () => {
    const store = await openStore({ kind: 'pglite', dataDir });
    await sql`UPDATE audit_event SET summary = '{}' WHERE action = 'auth.login'`.execute(store.db);
    const rows = await store.db.selectFrom('audit_event').select(['seq', 'action']).orderBy('seq').execute();
    const restoredOk = await verifyAuditTrail(store.db);
    expect(restoredOk.problem).toBeNull(); // the edit above put the original summary back
    await sql`DELETE FROM audit_event WHERE seq = 3 AND chain LIKE 'clinic:%'`.execute(store.db);
    await store.close();
    expect(rows.length).toBeGreaterThan(3);
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/event #3 of clinic:\S+ was removed/);
  }, 120_000);
});
