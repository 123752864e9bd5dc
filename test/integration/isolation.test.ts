import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action, isAllowed } from '../../src/domain/policy.js';
import type { RunningServer } from '../../src/server.js';
import { type BookedCare, bookKneeSession, CLEAN_INTAKE } from '../support/care.js';
import { Client, type ClinicFixture, createClinic, PASSWORD, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

/** Fills a route's path parameters with one patient's records (and a long token for invite links). */
function pathFor(url: string, care: BookedCare): string {
  return url
    .replace(':id', care.patientId)
    .replace(':planId', care.planId)
    .replace(':sessionId', care.sessionId)
    .replace(':versionId', care.versionId)
    .replace(':fileId', care.fileId)
    .replace(':code', 'stop_nsaids')
    .replace(':token', 'x'.repeat(43));
}

/** Valid bodies, so that a refusal comes from the scope check and not from validation. */
const BODIES: Record<string, unknown> = {
  'POST /api/patients/:id/intake': CLEAN_INTAKE,
  'POST /api/patients/:id/screening/decision': { decision: 'suitable', password: PASSWORD },
  'POST /api/patients/:id/plans': {
    protocolVersionId: '00000000-0000-4000-8000-000000000000',
    conditionCode: 'knee_osteoarthritis',
    targetSite: 'knee',
    laterality: 'left',
    harvestSite: 'posterior_iliac_crest',
    harvestLaterality: 'left',
    anesthesia: 'local',
    imagingGuidance: 'ultrasound',
    sessions: [{ date: '2099-01-01', time: '09:00' }],
  },
  'POST /api/plans/:planId/sessions': { date: '2099-01-01', time: '09:00' },
  'POST /api/plans/:planId/consent/sign': {
    typedName: 'Nadia Haddad',
    password: PASSWORD,
    language: 'en',
    consentVersion: 1,
  },
  'POST /api/plans/:planId/consent/witness': { password: PASSWORD },
  'POST /api/sessions/:sessionId/tasks/:code/status': { done: true },
  'POST /api/protocols/versions/:versionId/retire': { reason: 'testing isolation' },
  'POST /api/sessions/:sessionId/transitions': { event: 'check_in' },
  'POST /api/sessions/:sessionId/timeout': { item: 'identity_two_identifiers', outcome: 'confirmed' },
  'POST /api/sessions/:sessionId/harvest': {
    site: 'posterior_iliac_crest',
    laterality: 'left',
    anesthesia: { agent: 'lidocaine', doseMg: 100 },
    volumeMl: 60,
    startedAt: '2026-01-01T08:00:00Z',
    endedAt: '2026-01-01T08:40:00Z',
  },
  'POST /api/sessions/:sessionId/processing': {
    method: 'centrifuge',
    forceG: 1200,
    minutes: 15,
    inputVolumeMl: 60,
    outputVolumeMl: 6,
    totalNucleatedCells: 4e8,
    viabilityPercent: 91,
    sterilitySampleTaken: true,
  },
  'POST /api/sessions/:sessionId/release': { password: PASSWORD },
  'POST /api/sessions/:sessionId/bedside': { wristband: 'W0001-000001', label: 'G123489654321Y' },
  'POST /api/sessions/:sessionId/vitals': {
    systolic: 120,
    diastolic: 80,
    heartRate: 70,
    spo2: 98,
    temperatureC: 36.8,
    painScore: 2,
  },
  'POST /api/sessions/:sessionId/discharge': {
    criteria: {
      vitalsStable: true,
      painControlled: true,
      noActiveBleeding: true,
      walksUnaided: true,
      escortPresent: true,
      instructionsGiven: true,
    },
  },
  'POST /api/sessions/:sessionId/injection': {
    imagingGuidance: 'ultrasound',
    site: 'knee',
    laterality: 'right',
    volumeMl: 6,
    anesthesia: 'lidocaine',
  },
};
const bodyFor = (method: string, url: string) =>
  method === 'GET' ? undefined : (BODIES[`${method} ${url}`] ?? {});

/** Routes that address a record by id; protocol codes name the caller's own clinic's protocols. */
const takesRecordId = (url: string) => /:(id|planId|sessionId|versionId|fileId)\b/.test(url);

describe.each(testTargets())('authorization and clinic isolation on $name', ({ target }) => {
  let server: RunningServer;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let careOfA: BookedCare[];

  beforeAll(async () => {
    server = await startTestServer({ target });
    a = await createClinic(server.store.db);
    b = await createClinic(server.store.db);
    const staff = {
      coordinator: await signedIn(server.url, a.staff.coordinator),
      physician: await signedIn(server.url, a.staff.physician),
    };
    const book = (i: number) =>
      bookKneeSession(server.url, staff, PASSWORD, a.patients[i]?.id ?? '', a.clinic.timeZone);
    careOfA = [await book(0), await book(1)];
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
        pathFor(route.url, careOfA[0] as BookedCare),
        bodyFor(route.method, route.url),
      );
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it("keeps every route that takes a record id from reaching another clinic's records", async () => {
    const routes = apiRoutes().filter((r) => takesRecordId(r.url));
    expect(routes.length).toBeGreaterThan(10);
    for (const role of ['admin', 'physician', 'nurse', 'coordinator', 'lab_technician'] as const) {
      const staffB = await signedIn(server.url, b.staff[role]);
      for (const route of routes) {
        const response = await staffB.request(
          route.method,
          pathFor(route.url, careOfA[1] as BookedCare),
          bodyFor(route.method, route.url),
        );
        // Without the permission: 403; with it: the record does not exist in this clinic.
        const expected = route.permission && isAllowed(role, route.permission as Action) ? 404 : 403;
        expect(response.status, `${role} ${route.method} ${route.url}: ${response.text}`).toBe(expected);
      }
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
    const own = careOfA[0] as BookedCare;
    const other = careOfA[1] as BookedCare;
    expect((await patient.get(`/api/patients/${own.patientId}`)).status).toBe(200);
    expect((await patient.get(`/api/sessions/${own.sessionId}/preparation`)).status).toBe(200);
    const secrets = [other.patientId, other.planId, other.sessionId, other.fileId, b.patients[0]?.id ?? ''];
    // Logout would end the session mid-test; it holds no patient data.
    const routes = apiRoutes().filter((r) => r.permission !== 'public' && r.url !== '/api/auth/logout');
    for (const route of routes) {
      const path = takesRecordId(route.url)
        ? pathFor(route.url, other)
        : route.url.replace(':code', 'knee_oa_bmac');
      const response = await patient.request(route.method, path, bodyFor(route.method, route.url));
      if (takesRecordId(route.url))
        expect([403, 404], `${route.method} ${route.url}`).toContain(response.status);
      for (const secret of secrets)
        expect(response.text, `${route.method} ${route.url}`).not.toContain(secret);
    }
  });
});
