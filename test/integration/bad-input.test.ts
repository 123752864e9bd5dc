import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { type Client, type ClinicFixture, countRows, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

const valid = {
  givenName: 'Omar',
  familyName: 'Saleh',
  dateOfBirth: '1977-05-05',
  sex: 'male',
  preferredLanguage: 'en',
};

describe.each(testTargets())('bad input on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let nurse: Client;

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    nurse = await signedIn(server.url, fixture.staff.nurse);
  });
  afterAll(() => server?.close());

  /** Sends a bad request and checks it is a clear 4xx in our error shape that wrote nothing. */
  async function refused(
    body: unknown,
    status: number,
    field?: string,
    headers: Record<string, string> = {},
  ) {
    const patients = await countRows(server.store.db, 'patient');
    const events = await countRows(server.store.db, 'audit_event');
    const response = await nurse.request('POST', '/api/patients', body, headers);
    expect(response.status, response.text).toBe(status);
    expect(typeof response.json?.error?.code).toBe('string');
    expect(response.json.error.message.length).toBeGreaterThan(5);
    if (field) expect(response.json.error.field).toBe(field);
    expect(await countRows(server.store.db, 'patient')).toBe(patients);
    expect(await countRows(server.store.db, 'audit_event')).toBe(events);
    return response;
  }

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await refused('{"givenName": "Omar",', 400);
    expect(response.json.error.code).toBe('invalid_json');
  });

  it('names the field of a wrong type', async () => {
    await refused({ ...valid, dateOfBirth: 19770505 }, 400, 'dateOfBirth');
    await refused({ ...valid, sex: 'robot' }, 400, 'sex');
    await refused({ ...valid, givenName: ['Omar'] }, 400, 'givenName');
    await refused([valid], 400);
  });

  it('refuses impossible and future dates of birth', async () => {
    await refused({ ...valid, dateOfBirth: '1977-02-30' }, 400, 'dateOfBirth');
    await refused({ ...valid, dateOfBirth: '2999-01-01' }, 400, 'dateOfBirth');
    await refused({ ...valid, dateOfBirth: '1850-01-01' }, 400, 'dateOfBirth');
  });

  it('refuses unknown fields, naming them', async () => {
    await refused({ ...valid, isAdmin: true }, 400, 'isAdmin');
    await refused({ ...valid, clinicId: fixture.clinic.id }, 400, 'clinicId');
  });

  it('refuses an oversize body with 413', async () => {
    await refused({ ...valid, givenName: 'A'.repeat(70_000) }, 413);
  });

  it('refuses a body that is not JSON with 415', async () => {
    await refused('givenName=Omar', 415, undefined, { 'content-type': 'application/x-www-form-urlencoded' });
  });

  it('refuses names with quotes and SQL, and phone numbers with letters', async () => {
    await refused({ ...valid, familyName: "Saleh'; DROP TABLE patient; --" }, 400, 'familyName');
    await refused({ ...valid, phone: "1' OR '1'='1" }, 400, 'phone');
    await refused({ ...valid, mrn: "1' OR 1=1" }, 400, 'mrn');
    await refused({ ...valid, email: 'not an email' }, 400, 'email');
  });

  it('treats quotes and SQL in a search as plain text', async () => {
    for (const q of ["' OR 1=1 --", '%', '_', '\\', '"; DELETE FROM patient; --', 'نادية%']) {
      const response = await nurse.get(`/api/patients?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      expect(response.json.items.length, q).toBeLessThanOrEqual(1);
    }
    expect((await nurse.get('/api/patients?pageSize=1000')).status).toBe(400);
    expect((await nurse.get('/api/patients?page=-1')).json.error.field).toBe('page');
    expect((await nurse.get('/api/patients?sort=name')).status).toBe(400);
  });

  it('answers a malformed patient id with 400 and an unknown one with 404', async () => {
    const bad = await nurse.get(`/api/patients/${encodeURIComponent("1' OR '1'='1")}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('id');
    const unknown = await nurse.get('/api/patients/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('refuses a login body with unknown fields or wrong types', async () => {
    const login = (body: unknown) => nurse.request('POST', '/api/auth/login', body);
    expect((await login({ email: 'a@b.c', password: 'x', role: 'admin' })).json.error.field).toBe('role');
    expect((await login({ email: 42, password: 'x' })).json.error.field).toBe('email');
    expect((await login('{')).status).toBe(400);
  });

  it('sends security headers and a strict Content-Security-Policy', async () => {
    const response = await nurse.get('/api/health');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
