import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { deleteExpiredSessions, hashToken } from '../../src/store/accounts.js';
import { Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('sign-in and sessions on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
  });
  afterAll(() => server?.close());

  it('signs in with an HttpOnly, SameSite=Lax session cookie and answers who is signed in', async () => {
    const client = new Client(server.url);
    const response = await client.post('/api/auth/login', {
      email: fixture.staff.nurse.email,
      password: fixture.staff.nurse.password,
    });
    expect(response.status).toBe(200);
    expect(response.json.user).toMatchObject({ role: 'nurse', clinic: { id: fixture.clinic.id } });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure is set behind HTTPS
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.user.email).toBe(fixture.staff.nurse.email);
  });

  it('stores only a hash of the session token', async () => {
    const client = await signedIn(server.url, fixture.staff.physician);
    const token = client.cookie?.split('=')[1] ?? '';
    const rows = await server.store.db.selectFrom('auth_session').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const client = new Client(server.url);
    const wrong = await client.post('/api/auth/login', {
      email: fixture.staff.admin.email,
      password: 'not the password',
    });
    const unknown = await client.post('/api/auth/login', {
      email: 'nobody@nowhere.test',
      password: 'whatever it is',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe('invalid_credentials');
  });

  it('locks an account for a while after five failed attempts, even with the right password', async () => {
    const client = new Client(server.url);
    const account = fixture.staff.coordinator;
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await client.post('/api/auth/login', { email: account.email, password: `wrong-${i}-attempt` }))
          .status,
      ).toBe(401);
    }
    const locked = await client.post('/api/auth/login', { email: account.email, password: account.password });
    expect(locked.status).toBe(423);
    expect(locked.json.error.code).toBe('locked');
    const audit = await server.store.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', account.userId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('auth.lockout');
  });

  it('ends the session at logout', async () => {
    const client = await signedIn(server.url, fixture.staff.lab_technician);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const stale = new Client(server.url);
    stale.cookie = cookie;
    expect((await stale.get('/api/auth/me')).status).toBe(401);
  });

  it('expires a session left idle and one past its absolute lifetime', async () => {
    const idle = await signedIn(server.url, fixture.staff.admin);
    const old = await signedIn(server.url, fixture.staff.physician);
    const hashOf = (c: Client) =>
      import('../../src/store/accounts.js').then((m) => m.hashToken(c.cookie?.split('=')[1] ?? ''));
    await server.store.db
      .updateTable('auth_session')
      .set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` })
      .where('id', '=', await hashOf(idle))
      .execute();
    await server.store.db
      .updateTable('auth_session')
      .set({ created_at: sql<Date>`now() - interval '13 hours'` })
      .where('id', '=', await hashOf(old))
      .execute();
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    expect((await old.get('/api/auth/me')).status).toBe(401);
  });

  it('sweeps expired sessions out of the table', async () => {
    const client = await signedIn(server.url, fixture.staff.nurse);
    const id = hashToken(client.cookie?.split('=')[1] ?? '');
    await server.store.db
      .updateTable('auth_session')
      .set({ last_seen_at: sql<Date>`now() - interval '2 hours'` })
      .where('id', '=', id)
      .execute();
    const removed = await deleteExpiredSessions(server.store.db, new Date(), {
      idleMinutes: 30,
      absoluteHours: 12,
    });
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = await server.store.db.selectFrom('auth_session').select('id').where('id', '=', id).execute();
    expect(left).toEqual([]);
  });

  it('answers 401 without a session and 403 for a role without the permission', async () => {
    expect((await new Client(server.url).get('/api/patients')).status).toBe(401);
    const nurse = await signedIn(server.url, fixture.staff.nurse);
    const response = await nurse.get('/api/staff');
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('forbidden');
  });
});

describe('login rate limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { loginRatePerMinute: 3 } });
  });
  afterAll(() => server?.close());

  it('answers 429 after too many login attempts from one address', async () => {
    const client = new Client(server.url);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await client.post('/api/auth/login', { email: 'a@b.test', password: 'wrong password' })).status,
      );
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe('behind an HTTPS proxy', () => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  beforeAll(async () => {
    server = await startTestServer({ config: { trustProxy: true } });
    fixture = await createClinic(server.store.db);
  });
  afterAll(() => server?.close());

  it('marks the session cookie Secure when the request came over HTTPS', async () => {
    const client = new Client(server.url);
    const response = await client.request(
      'POST',
      '/api/auth/login',
      { email: fixture.staff.admin.email, password: fixture.staff.admin.password },
      { 'x-forwarded-proto': 'https' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});
