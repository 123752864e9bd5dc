import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

/** Fills a route's path parameters with the given id (or a long token for invite links). */
function pathFor(url: string, id: string): string {
  return url.replace(':id', id).replace(':token', 'x'.repeat(43));
}

describe.each(testTargets())('authorization and clinic isolation on $name', ({ target }) => {
  let server: RunningServer;
  let a: ClinicFixture;
  let b: ClinicFixture;

  beforeAll(async () => {
    server = await startTestServer({ target });
    a = await createClinic(server.store.db);
    b = await createClinic(server.store.db);
  });
  afterAll(() => server?.close());

  const apiRoutes = () =>
    server.app.routes.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
    );

  it('every registered route declares its permission', () => {
    expect(server.app.routes.length).toBeGreaterThan(10);
    const missing = server.app.routes.filter((r) => !r.permission);
    expect(missing).toEqual([]);
  });

  it('every non-public API route answers 401 without a session', async () => {
    const anonymous = new Client(server.url);
    for (const route of apiRoutes().filter((r) => r.permission !== 'public')) {
      const response = await anonymous.request(
        route.method,
        pathFor(route.url, a.patients[0]?.id ?? ''),
        route.method === 'GET' ? undefined : {},
      );
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it("keeps every route that takes a patient id from reaching another clinic's patient", async () => {
    const routes = apiRoutes().filter((r) => r.url.includes(':id'));
    expect(routes.length).toBeGreaterThan(0);
    const adminB = await signedIn(server.url, b.staff.admin);
    const target = a.patients[1]?.id ?? '';
    for (const route of routes) {
      const response = await adminB.request(
        route.method,
        pathFor(route.url, target),
        route.method === 'GET' ? undefined : {},
      );
      expect(response.status, `${route.method} ${route.url}`).toBe(404);
    }
  });

  it("never lists another clinic's patients, staff or audit events", async () => {
    const adminB = await signedIn(server.url, b.staff.admin);
    const ids = new Set(a.patients.map((p) => p.id));
    const all = await adminB.get('/api/patients?pageSize=100');
    expect(all.json.items.some((p: { id: string }) => ids.has(p.id))).toBe(false);
    const byName = await adminB.get(`/api/patients?q=${encodeURIComponent('نادية')}`);
    expect(byName.json.items.every((p: { id: string }) => !ids.has(p.id))).toBe(true);
    const staff = await adminB.get('/api/staff');
    expect(staff.json.items.some((u: { email: string }) => u.email === a.staff.admin.email)).toBe(false);
    const audit = await adminB.get('/api/audit?limit=200');
    expect(audit.status).toBe(200);
    expect(audit.json.items.some((e: { entityId: string }) => ids.has(e.entityId))).toBe(false);
    const clinic = await adminB.get('/api/clinic');
    expect(clinic.json.id).toBe(b.clinic.id);
  });

  it("lets a patient account reach no other patient's record by any route", async () => {
    const patient = await signedIn(server.url, a.patientAccounts[0] ?? { email: '', password: '' });
    const own = a.patients[0]?.id ?? '';
    const others = [a.patients[1]?.id ?? '', b.patients[0]?.id ?? ''];
    expect((await patient.get(`/api/patients/${own}`)).status).toBe(200);
    // Logout would end the session mid-test; it holds no patient data.
    const routes = apiRoutes().filter((r) => r.permission !== 'public' && r.url !== '/api/auth/logout');
    for (const route of routes) {
      if (route.url.includes(':id')) {
        for (const other of others) {
          const response = await patient.request(
            route.method,
            pathFor(route.url, other),
            route.method === 'GET' ? undefined : {},
          );
          expect([403, 404], `${route.method} ${route.url}`).toContain(response.status);
          expect(JSON.stringify(response.json ?? {})).not.toContain(other);
        }
      } else {
        const response = await patient.request(
          route.method,
          route.url,
          route.method === 'GET' ? undefined : {},
        );
        const body = JSON.stringify(response.json ?? {});
        for (const other of others) expect(body, `${route.method} ${route.url}`).not.toContain(other);
      }
    }
  });
});
