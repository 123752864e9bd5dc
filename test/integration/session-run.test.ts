import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod37_2 } from '../../src/domain/custody/check-character.js';
import type { RunningServer } from '../../src/server.js';
import { type BookedCare, bookKneeSession } from '../support/care.js';
import { type Client, type ClinicFixture, countRows, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

/** Brings a booked session to the harvest: check-in, a complete time-out, consent, preparation. */
async function readyForHarvest(
  staff: Record<'coordinator' | 'physician' | 'nurse', Client>,
  patient: Client,
  care: BookedCare,
  passwords: { patient: string; nurse: string },
  typedName: string,
) {
  const s = `/api/sessions/${care.sessionId}`;
  await staff.coordinator.post(`${s}/transitions`, { event: 'check_in' });
  for (const item of ['identity_two_identifiers', 'allergies_reviewed', 'site_laterality_confirmed']) {
    await staff.nurse.post(`${s}/timeout`, { item, outcome: 'confirmed' });
  }
  const consent = await patient.get(`/api/plans/${care.planId}/consent`);
  await patient.post(`/api/plans/${care.planId}/consent/sign`, {
    typedName,
    password: passwords.patient,
    language: 'en',
    consentVersion: consent.json.consent.version,
  });
  await staff.nurse.post(`/api/plans/${care.planId}/consent/witness`, { password: passwords.nurse });
  for (const task of (await staff.nurse.get(`${s}/preparation`)).json.tasks) {
    await staff.nurse.post(`${s}/tasks/${task.code}/verify`, {});
  }
  const checked = await staff.nurse.post(`${s}/transitions`, { event: 'complete_checks' });
  if (checked.status !== 201) throw new Error(checked.text);
  await staff.physician.post(`${s}/transitions`, { event: 'start_harvest' });
}

describe.each(testTargets())(
  'a knee bone-marrow session from harvest to injection on $name',
  ({ target }) => {
    let server: RunningServer;
    let fixture: ClinicFixture;
    let staff: Record<'coordinator' | 'physician' | 'nurse' | 'lab', Client>;
    let care: BookedCare;
    let other: BookedCare;
    let din = '';
    let label = '';
    const s = () => `/api/sessions/${care.sessionId}`;
    const scan = (handOff: string, key: string, text = label) =>
      staff.lab.post('/api/products/scans', {
        label: text,
        handOff,
        location: 'cell lab',
        idempotencyKey: key,
      });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

    beforeAll(async () => {
      server = await startTestServer({ target });
      fixture = await createClinic(server.store.db);
      staff = {
        coordinator: await signedIn(server.url, fixture.staff.coordinator),
        physician: await signedIn(server.url, fixture.staff.physician),
        nurse: await signedIn(server.url, fixture.staff.nurse),
        lab: await signedIn(server.url, fixture.staff.lab_technician),
      };
      const booking = (i: number) =>
        bookKneeSession(
          server.url,
          staff,
          fixture.staff.physician.password,
          fixture.patients[i]?.id ?? '',
          fixture.clinic.timeZone,
        );
      care = await booking(0);
      other = await booking(1);
      const patient = await signedIn(server.url, fixture.patientAccounts[0] ?? { email: '', password: '' });
      await readyForHarvest(
        staff,
        patient,
        care,
        { patient: fixture.patientAccounts[0]?.password ?? '', nurse: fixture.staff.nurse.password },
        'Nadia Haddad',
      );
    });
    afterAll(() => server?.close());

    it('records the harvest and gives the product an ISBT 128-style identifier with its check character', async () => {
      const harvest = await staff.physician.post(`${s()}/harvest`, {
        site: 'posterior_iliac_crest',
        laterality: 'left',
        anesthesia: { agent: 'lidocaine 1%', doseMg: 100 },
        volumeMl: 60,
        startedAt: minutesAgo(80),
        endedAt: minutesAgo(40),
      });
      expect(harvest.status, harvest.text).toBe(201);
      expect(harvest.json.state).toBe('harvested');
      din = harvest.json.din;
      expect(din).toMatch(new RegExp(`^${fixture.clinic.facilityCode}\\d{8}$`));
      expect(harvest.json.check).toBe(mod37_2(din));
      label = `${din}${harvest.json.check}`;
    });

    it('prints a label with both barcodes and a wristband', async () => {
      const svg = await staff.nurse.request('GET', `/api/products/${label}/label.svg`);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      expect((svg.text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
      expect(svg.text).toContain('AUTOLOGOUS');
      const band = await staff.nurse.request('GET', `/api/patients/${care.patientId}/wristband.svg`);
      expect(band.text).toContain(fixture.patients[0]?.mrn);
    });

    it('records each hand-off once, in order, and refuses a mistyped identifier', async () => {
      const mistyped = `${din.slice(0, -1)}${din.at(-1) === '9' ? '8' : '9'}${label.at(-1)}`;
      const typo = await scan('lab_receipt', 'k-typo-0001', mistyped);
      expect(typo.status).toBe(400);
      expect(typo.json.error.code).toBe('check_mismatch');
      expect((await scan('processing_start', 'k-early-0001')).json.error.code).toBe('out_of_order');
      expect((await scan('lab_receipt', 'k-receipt-0001')).status).toBe(201);
      const events = await countRows(server.store.db, 'product_event');
      const replay = await scan('lab_receipt', 'k-receipt-0001');
      expect(replay.status).toBe(200);
      expect(await countRows(server.store.db, 'product_event')).toBe(events);
      expect(
        (
          await scan(
            'processing_start',
            'k-start-0001',
            `=${din}${60 + Number.parseInt(label.at(-1) ?? '0', 36)}`,
          )
        ).status,
      ).toBe(201);
      await staff.lab.post(`${s()}/transitions`, { event: 'start_processing' });
      expect((await scan('processing_end', 'k-end-00001')).status).toBe(201);
    });

    it('releases only what meets the criteria, signed by a second person', async () => {
      const processing = (viabilityPercent: number) =>
        staff.lab.post(`${s()}/processing`, {
          method: 'centrifuge',
          forceG: 1200,
          minutes: 15,
          inputVolumeMl: 60,
          outputVolumeMl: 6,
          totalNucleatedCells: 4e8,
          viabilityPercent,
          sterilitySampleTaken: true,
        });
      expect((await processing(62)).status).toBe(201);
      const low = await staff.physician.post(`${s()}/release`, {
        password: fixture.staff.physician.password,
      });
      expect(low.status).toBe(409);
      expect(low.json.error.message).toContain('Viability 62');
      expect((await processing(91)).status).toBe(201);
      const self = await staff.lab.post(`${s()}/release`, {
        password: fixture.staff.lab_technician.password,
      });
      expect(self.json.error.message).toContain('second person');
      const wrong = await staff.physician.post(`${s()}/release`, { password: 'not the password' });
      expect(wrong.status).toBe(401);
      const released = await staff.physician.post(`${s()}/release`, {
        password: fixture.staff.physician.password,
      });
      expect(released.status, released.text).toBe(201);
      expect(released.json.state).toBe('released');
      expect((await scan('transport', 'k-transport-1')).status).toBe(201);
    });

    it("stops at the bedside for another patient's wristband or product, audits it and raises an alert", async () => {
      const wristband = `${fixture.clinic.facilityCode}-${fixture.patients[0]?.mrn}`;
      const otherBand = `${fixture.clinic.facilityCode}-${fixture.patients[1]?.mrn}`;
      const alerts = await countRows(server.store.db, 'clinical_alert');
      const wrongBand = await staff.physician.post(`${s()}/bedside`, { wristband: otherBand, label });
      expect(wrongBand.status).toBe(409);
      expect(wrongBand.json.refusals.map((r: { code: string }) => r.code)).toEqual([
        'wrong_patient_wristband',
      ]);
      const wrongSession = await staff.physician.post(`/api/sessions/${other.sessionId}/bedside`, {
        wristband: otherBand,
        label,
      });
      expect(wrongSession.json.refusals.map((r: { code: string }) => r.code)).toContain(
        'another_patients_product',
      );
      expect(await countRows(server.store.db, 'clinical_alert')).toBe(alerts + 2);
      const audit = await server.store.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'bedside.refused')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(2);
      expect((await staff.nurse.post(`${s()}/bedside`, { wristband, label })).status).toBe(403);
      const verified = await staff.physician.post(`${s()}/bedside`, { wristband, label });
      expect(verified.status, verified.text).toBe(201);
      expect(verified.json.state).toBe('injecting');
    });

    it('records the injection, marks the product administered, and refuses it a second time', async () => {
      const injection = await staff.physician.post(`${s()}/injection`, {
        imagingGuidance: 'ultrasound',
        site: 'knee',
        laterality: 'right',
        volumeMl: 6,
        anesthesia: 'lidocaine 1% 5 ml, light sedation',
      });
      expect(injection.status, injection.text).toBe(201);
      expect(injection.json.state).toBe('injected');
      const again = await staff.physician.post(`/api/sessions/${other.sessionId}/bedside`, {
        wristband: `${fixture.clinic.facilityCode}-${fixture.patients[0]?.mrn}`,
        label,
      });
      expect(again.json.refusals.map((r: { code: string }) => r.code)).toEqual(
        expect.arrayContaining(['already_administered']),
      );
      const trace = await staff.nurse.get(`/api/products/${label}/trace`);
      expect(trace.json.handOffs.map((h: { kind: string }) => h.kind)).toEqual([
        'collected',
        'lab_receipt',
        'processing_start',
        'processing_end',
        'released',
        'transport',
        'bedside_verified',
        'administered',
      ]);
      const csv = await staff.nurse.request('GET', `/api/products/${label}/trace.csv`);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.text.split('\r\n')[0]).toBe('din,check,hand_off,location,actor,role,at');
      expect(csv.text).toContain('"administered"');
      const received = await staff.nurse.get(`/api/patients/${care.patientId}/products`);
      expect(received.json.items.map((p: { din: string }) => p.din)).toEqual([din]);
      expect((await staff.nurse.get(`/api/patients/${other.patientId}/products`)).json.items).toEqual([]);
      const day = await staff.nurse.get(`${s()}/day`);
      // In this test the steps follow each other at once: far shorter than the protocol's range.
      expect(day.json.durations.find((d: { kind: string }) => d.kind === 'harvest')).toMatchObject({
        minutes: 0,
        deviation: 'shorter',
      });
      expect(day.json.state).toBe('injected');
    });
    it('monitors, then discharges only when every criterion holds, with instructions in the patient language', async () => {
      expect((await staff.nurse.post(`${s()}/transitions`, { event: 'start_monitoring' })).json.state).toBe(
        'monitoring',
      );
      const vitals = {
        systolic: 124,
        diastolic: 78,
        heartRate: 76,
        spo2: 98,
        temperatureC: 36.9,
        painScore: 3,
      };
      expect((await staff.nurse.post(`${s()}/vitals`, vitals)).json.outOfRange).toEqual([]);
      const criteria = {
        vitalsStable: true,
        painControlled: true,
        noActiveBleeding: true,
        walksUnaided: true,
        escortPresent: false,
        instructionsGiven: true,
      };
      const early = await staff.nurse.post(`${s()}/discharge`, { criteria });
      expect(early.status).toBe(409);
      expect(early.json.error.message).toContain('twoVitalSigns');
      expect((await staff.nurse.post(`${s()}/vitals`, { ...vitals, painScore: 9 })).json.outOfRange).toEqual([
        'painScore',
      ]);
      const unmet = await staff.nurse.post(`${s()}/discharge`, {
        criteria: { ...criteria, painControlled: false },
      });
      expect(unmet.json.error.message).toContain('painControlled');
      // Local anaesthesia only: no escort needed.
      const discharged = await staff.nurse.post(`${s()}/discharge`, { criteria });
      expect(discharged.status, discharged.text).toBe(201);
      expect(discharged.json.state).toBe('discharged');
      const instructions = await staff.nurse.get(`${s()}/discharge-instructions`);
      expect(instructions.json).toMatchObject({ language: 'ar', patientName: 'نادية حداد' });
      expect(instructions.json.redFlags.some((f: { action: string }) => f.action === 'urgent_care')).toBe(
        true,
      );
      const day = await staff.nurse.get(`${s()}/day`);
      expect(day.json.products).toEqual([expect.objectContaining({ din, status: 'administered' })]);
      expect(day.json.records.map((r: { kind: string }) => r.kind)).toEqual(
        expect.arrayContaining(['harvest', 'processing', 'release', 'injection', 'vitals', 'discharge']),
      );
    });

    it("shows the day's sessions on the clinic board with their state", async () => {
      const plans = await staff.nurse.get(`/api/patients/${care.patientId}/plans`);
      const day = plans.json.items[0].sessions[0].localDate;
      const board = await staff.coordinator.get(`/api/board?date=${day}`);
      expect(board.status, board.text).toBe(200);
      const mine = board.json.sessions.find((x: { sessionId: string }) => x.sessionId === care.sessionId);
      expect(mine).toMatchObject({ state: 'discharged', mrn: fixture.patients[0]?.mrn, step: null });
      expect((await staff.coordinator.get('/api/board?date=tomorrow')).status).toBe(400);
    });
  },
);
