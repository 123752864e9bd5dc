import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dinWithCheck, formatDin } from '../../src/domain/custody/din.js';
import type { RunningServer } from '../../src/server.js';
import { daysFromToday, IBUPROFEN_AND_WARFARIN } from '../support/care.js';
import { type Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

/** A supplier's label: another facility's DIN with its check character, as a scanner reads it. */
function supplierLabel(sequence: number): string {
  const { din, check } = dinWithCheck(formatDin({ facilityCode: 'A9999', year: 2026, sequence }));
  return `${din}${check}`;
}
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe.each(testTargets())('donor products (allogeneic) on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let staff: Record<'coordinator' | 'physician' | 'nurse' | 'lab', Client>;
  let sessionId = '';
  let planId = '';
  const receive = (label: string, expiresAt: string) =>
    staff.lab.post('/api/donor-products', {
      label,
      productCode: 'S1234000',
      supplier: 'Regional Cell Bank',
      lot: `LOT-${label.slice(-4)}`,
      donorId: 'DN-88213',
      expiresAt,
      storageTemperature: '−150 °C or colder (vapour-phase liquid nitrogen)',
    });

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    staff = {
      coordinator: await signedIn(server.url, fixture.staff.coordinator),
      physician: await signedIn(server.url, fixture.staff.physician),
      nurse: await signedIn(server.url, fixture.staff.nurse),
      lab: await signedIn(server.url, fixture.staff.lab_technician),
    };
    const patientId = fixture.patients[1]?.id ?? '';
    await staff.coordinator.post(`/api/patients/${patientId}/intake`, IBUPROFEN_AND_WARFARIN);
    await staff.physician.post(`/api/patients/${patientId}/screening/decision`, {
      decision: 'suitable',
      password: fixture.staff.physician.password,
    });
    const protocols = await staff.coordinator.get('/api/protocols');
    const versionId = protocols.json.items.find(
      (p: { code: string }) => p.code === 'knee_oa_allogeneic',
    ).versionId;
    const plan = await staff.coordinator.post(`/api/patients/${patientId}/plans`, {
      protocolVersionId: versionId,
      conditionCode: 'knee_osteoarthritis',
      targetSite: 'knee',
      laterality: 'left',
      anesthesia: 'local',
      imagingGuidance: 'ultrasound',
      sessions: [{ date: daysFromToday(7, fixture.clinic.timeZone), time: '11:00' }],
    });
    expect(plan.status, plan.text).toBe(201);
    planId = plan.json.id;
    sessionId = plan.json.sessions[0].id;
  });
  afterAll(() => server?.close());

  it('receives donor products, refusing an expired one and a mistyped label', async () => {
    expect((await receive(supplierLabel(11), inDays(90))).status).toBe(201);
    expect((await receive(supplierLabel(12), inDays(30))).status).toBe(201);
    expect((await receive(supplierLabel(13), inDays(10))).status).toBe(201);
    const expired = await receive(supplierLabel(14), inDays(-1));
    expect(expired.json.error.code).toBe('expired');
    const typo = supplierLabel(15).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await receive(typo, inDays(60))).json.error.code).toBe('check_mismatch');
    expect((await receive(supplierLabel(11), inDays(90))).status).toBe(409);
    const quarantine = await staff.lab.post(`/api/donor-products/${supplierLabel(13)}/quarantine`, {
      reason: 'Temperature log gap during transport',
    });
    expect(quarantine.status).toBe(201);
    const stock = await staff.nurse.get('/api/donor-products');
    expect(stock.json.items.map((i: { status: string }) => i.status)).toEqual([
      'quarantined',
      'received',
      'received',
    ]);
  });

  it('skips harvest and processing, and issues the in-date product that expires first', async () => {
    const s = `/api/sessions/${sessionId}`;
    const patient = await signedIn(server.url, fixture.patientAccounts[1] ?? { email: '', password: '' });
    await staff.coordinator.post(`${s}/transitions`, { event: 'check_in' });
    for (const item of ['identity_two_identifiers', 'allergies_reviewed', 'site_laterality_confirmed']) {
      await staff.nurse.post(`${s}/timeout`, { item, outcome: 'confirmed' });
    }
    await staff.physician.post(`${s}/timeout`, {
      item: 'imaging_on_file',
      outcome: 'waived',
      note: 'Knee X-ray reviewed at the referring hospital',
    });
    const consent = await patient.get(`/api/plans/${planId}/consent`);
    await patient.post(`/api/plans/${planId}/consent/sign`, {
      typedName: 'Peter Olsen',
      password: fixture.patientAccounts[1]?.password,
      language: 'en',
      consentVersion: consent.json.consent.version,
    });
    await staff.nurse.post(`/api/plans/${planId}/consent/witness`, {
      password: fixture.staff.nurse.password,
    });
    for (const task of (await staff.nurse.get(`${s}/preparation`)).json.tasks) {
      await staff.nurse.post(`${s}/tasks/${task.code}/verify`, {});
    }
    expect((await staff.nurse.post(`${s}/transitions`, { event: 'complete_checks' })).json.state).toBe(
      'checks_done',
    );
    expect((await staff.physician.post(`${s}/transitions`, { event: 'start_harvest' })).json.error.code).toBe(
      'wrong_cell_source',
    );
    expect(
      (await staff.lab.post(`${s}/issue-donor-product`, { label: supplierLabel(13) })).json.error.code,
    ).toBe('not_issuable');
    const issued = await staff.lab.post(`${s}/issue-donor-product`, {});
    expect(issued.status, issued.text).toBe(201);
    expect(issued.json).toMatchObject({ state: 'product_issued', din: supplierLabel(12).slice(0, 13) });
  });

  it('gives the donor product at the bedside of this session only, once', async () => {
    const wristband = `${fixture.clinic.facilityCode}-${fixture.patients[1]?.mrn}`;
    const wrongLabel = await staff.physician.post(`/api/sessions/${sessionId}/bedside`, {
      wristband,
      label: supplierLabel(11),
    });
    expect(wrongLabel.json.refusals.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['not_issued_to_this_session', 'not_released']),
    );
    const ok = await staff.physician.post(`/api/sessions/${sessionId}/bedside`, {
      wristband,
      label: supplierLabel(12),
    });
    expect(ok.status, ok.text).toBe(201);
    const injection = await staff.physician.post(`/api/sessions/${sessionId}/injection`, {
      imagingGuidance: 'ultrasound',
      site: 'knee',
      laterality: 'left',
      volumeMl: 4,
      anesthesia: 'lidocaine 1% 3 ml',
    });
    expect(injection.json.state).toBe('injected');
    const trace = await staff.nurse.get(`/api/products/${supplierLabel(12)}/trace`);
    expect(trace.json.handOffs.map((h: { kind: string }) => h.kind)).toEqual([
      'received',
      'issued',
      'bedside_verified',
      'administered',
    ]);
    const stock = await staff.nurse.get('/api/donor-products');
    expect(
      stock.json.items.find((i: { din: string }) => i.din === supplierLabel(12).slice(0, 13)).status,
    ).toBe('administered');
  });
});
