import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/clinic-time.js';
import type { RunningServer } from '../../src/server.js';
import { CLEAN_INTAKE, daysFromToday, IBUPROFEN_AND_WARFARIN } from '../support/care.js';
import { type Client, type ClinicFixture, countRows, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('from intake to a prepared, consented session on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let coordinator: Client;
  let physician: Client;
  let nurse: Client;
  let patient: Client;
  let patientId: string;
  let kneeVersionId: string;
  let planId: string;
  let sessionId: string;
  const sessionDate = () => daysFromToday(21, fixture.clinic.timeZone);

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    coordinator = await signedIn(server.url, fixture.staff.coordinator);
    physician = await signedIn(server.url, fixture.staff.physician);
    nurse = await signedIn(server.url, fixture.staff.nurse);
    patient = await signedIn(server.url, fixture.patientAccounts[0] ?? { email: '', password: '' });
    patientId = fixture.patients[0]?.id ?? '';
    const protocols = await coordinator.get('/api/protocols');
    kneeVersionId = protocols.json.items.find((p: { code: string }) => p.code === 'knee_oa_bmac').versionId;
  });
  afterAll(() => server?.close());

  it('gives every new clinic the default protocols, trial-only ones marked', async () => {
    const { json } = await coordinator.get('/api/protocols');
    const codes = json.items.map((p: { code: string }) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining(['knee_oa_bmac', 'knee_oa_adipose', 'knee_oa_allogeneic', 'disc_degeneration']),
    );
    expect(
      json.items.filter((p: { availability: string }) => p.availability === 'trial_only').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('screens a patient who takes ibuprofen and warfarin: NSAID and anticoagulant findings with reasons', async () => {
    const response = await coordinator.post(`/api/patients/${patientId}/intake`, IBUPROFEN_AND_WARFARIN);
    expect(response.status, response.text).toBe(201);
    const codes = response.json.findings.map((f: { code: string }) => f.code);
    expect(response.json.overall).toBe('caution');
    const nsaid = response.json.findings.find((f: { evidence: string[] }) =>
      f.evidence.some((e) => e.includes('Ibuprofen')),
    );
    const anticoagulant = response.json.findings.find((f: { evidence: string[] }) =>
      f.evidence.some((e) => e.includes('Warfarin')),
    );
    expect(nsaid?.severity, codes.join()).toBe('caution');
    expect(anticoagulant?.severity, codes.join()).toBe('caution');
    expect(anticoagulant.reason.en.length).toBeGreaterThan(20);
    expect(anticoagulant.reason.ar.length).toBeGreaterThan(10);
  });

  it('refuses to book before a physician has signed the suitability decision', async () => {
    const response = await coordinator.post(
      `/api/patients/${patientId}/plans`,
      booking(kneeVersionId, sessionDate()),
    );
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('not_suitable');
  });

  it("takes the suitability decision only from a physician, signed with the physician's password", async () => {
    const body = { decision: 'suitable', password: fixture.staff.physician.password };
    expect((await nurse.post(`/api/patients/${patientId}/screening/decision`, body)).status).toBe(403);
    const wrong = await physician.post(`/api/patients/${patientId}/screening/decision`, {
      ...body,
      password: 'not my password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_signature');
    const signed = await physician.post(`/api/patients/${patientId}/screening/decision`, body);
    expect(signed.status, signed.text).toBe(201);
    expect(signed.json.decision).toMatchObject({ decision: 'suitable', current: true });
  });

  it('books a knee bone-marrow session with light sedation in the clinic time zone', async () => {
    const response = await coordinator.post(
      `/api/patients/${patientId}/plans`,
      booking(kneeVersionId, sessionDate()),
    );
    expect(response.status, response.text).toBe(201);
    planId = response.json.id;
    sessionId = response.json.sessions[0].id;
    expect(response.json.sessions[0]).toMatchObject({ localDate: sessionDate(), localTime: '09:00' });
    expect(response.json.consent.valid).toBe(false);
  });

  it('queues the patient reminders of the booked session in the outbox, each once', async () => {
    const outbox = await nurse.get('/api/outbox?pageSize=100');
    expect(outbox.status, outbox.text).toBe(200);
    const mine = outbox.json.items.filter(
      (m: { recipient: string }) => m.recipient === fixture.patients[0]?.email,
    );
    const subjects = mine.map((m: { subject: string }) => m.subject);
    expect(mine.some((m: { kind: string }) => m.kind === 'appointment')).toBe(true);
    // Nadia prefers Arabic: her reminders are in Arabic.
    expect(subjects.some((s: string) => /[\u0600-\u06FF]/.test(s))).toBe(true);
    expect(new Set(mine.map((m: { id: string }) => m.id)).size).toBe(mine.length);
    const prep = await nurse.get(`/api/sessions/${sessionId}/preparation`);
    const stopNsaids = prep.json.tasks.find((t: { code: string }) => t.code === 'stop_nsaids');
    expect(subjects.filter((s: string) => s.includes(stopNsaids.title.ar))).toHaveLength(1);
    // The prescriber's decision is not the patient's to act on: no reminder tells them to stop warfarin.
    const anticoagulant = prep.json.tasks.find((t: { code: string }) => t.code === 'anticoagulant_decision');
    expect(subjects.some((s: string) => s.includes(anticoagulant.title.ar))).toBe(false);
  });

  it('refuses bookings in the past, with a missing side, and on trial-only protocols', async () => {
    const past = await coordinator.post(
      `/api/patients/${patientId}/plans`,
      booking(kneeVersionId, daysFromToday(-1, fixture.clinic.timeZone)),
    );
    expect(past.status).toBe(400);
    expect(past.json.error).toMatchObject({ code: 'in_past', field: 'sessions.0.date' });
    const noSide = await coordinator.post(`/api/patients/${patientId}/plans`, {
      ...booking(kneeVersionId, sessionDate()),
      laterality: undefined,
    });
    expect(noSide.json.error).toMatchObject({ code: 'laterality_required', field: 'laterality' });
    const trial = (await coordinator.get('/api/protocols')).json.items.find(
      (p: { availability: string }) => p.availability === 'trial_only',
    );
    const version = (await coordinator.get(`/api/protocols/versions/${trial.versionId}`)).json.content;
    const trialBooking = await coordinator.post(`/api/patients/${patientId}/plans`, {
      protocolVersionId: trial.versionId,
      conditionCode: version.conditions[0].code,
      targetSite: version.targetSites[0].code,
      ...(version.targetSites[0].lateralityRequired ? { laterality: 'left' } : {}),
      ...(version.harvestSites[0] ? { harvestSite: version.harvestSites[0].code } : {}),
      ...(version.harvestSites[0]?.lateralityRequired ? { harvestLaterality: 'left' } : {}),
      anesthesia: version.anesthesiaOptions[0],
      imagingGuidance: version.imagingGuidance[0],
      sessions: [{ date: sessionDate(), time: '10:00' }],
    });
    expect(trialBooking.status).toBe(409);
    expect(trialBooking.json.error.code).toBe('trial_only');
  });

  it('dates the preparation: NSAIDs stopped D−7, the anticoagulant left to the prescriber, fasting before the start', async () => {
    const { json, status } = await patient.get(`/api/sessions/${sessionId}/preparation`);
    expect(status).toBe(200);
    const byCode = Object.fromEntries(json.tasks.map((t: { code: string }) => [t.code, t]));
    expect(byCode.stop_nsaids.due).toEqual({ kind: 'date', date: addDays(sessionDate(), -7) });
    expect(byCode.anticoagulant_decision.owner).toBe('prescriber');
    const start = new Date(json.startsAt).getTime();
    expect(new Date(byCode.fast_clear_liquids.due.at).getTime()).toBe(start - 2 * 3_600_000);
    const solid = Object.values(byCode).find(
      (t) =>
        (t as { code: string }).code.startsWith('fast_') &&
        (t as { code: string }).code !== 'fast_clear_liquids',
    ) as { due: { at: string } };
    expect(start - new Date(solid.due.at).getTime()).toBeGreaterThanOrEqual(6 * 3_600_000);
  });

  it('lets the patient tick their own tasks but not the prescriber’s decision; staff verify', async () => {
    const done = await patient.post(`/api/sessions/${sessionId}/tasks/stop_nsaids/status`, { done: true });
    expect(done.status, done.text).toBe(201);
    expect(done.json.status).toBe('done');
    expect(
      (await patient.post(`/api/sessions/${sessionId}/tasks/anticoagulant_decision/status`, { done: true }))
        .status,
    ).toBe(403);
    const verified = await nurse.post(`/api/sessions/${sessionId}/tasks/stop_nsaids/verify`, {});
    expect(verified.json).toMatchObject({ status: 'verified', verifiedBy: expect.any(String) });
    expect((await nurse.post(`/api/sessions/${sessionId}/tasks/no_such_task/verify`, {})).status).toBe(404);
  });

  it('takes an imaging report upload and refuses other file types and oversize files', async () => {
    const upload = (bytes: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type }), name);
      return fetch(`${server.url}/api/sessions/${sessionId}/tasks/imaging_on_file/files`, {
        method: 'POST',
        headers: { cookie: patient.cookie ?? '' },
        body: form,
      });
    };
    const pdf = new TextEncoder().encode('%PDF-1.4\n% knee MRI report\n%%EOF');
    const ok = await upload(pdf, 'mri-report.pdf', 'application/pdf');
    expect(ok.status).toBe(201);
    const task = (await ok.json()) as { files: Array<{ id: string; filename: string; mediaType: string }> };
    expect(task.files[0]).toMatchObject({ filename: 'mri-report.pdf', mediaType: 'application/pdf' });
    const download = await fetch(`${server.url}/api/files/${task.files[0]?.id}`, {
      headers: { cookie: patient.cookie ?? '' },
    });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    const files = await countRows(server.store.db, 'task_file');
    expect(
      (await upload(new TextEncoder().encode('#!/bin/sh\nrm -rf /'), 'report.pdf', 'application/pdf')).status,
    ).toBe(415);
    expect((await upload(new Uint8Array(11 * 1024 * 1024), 'huge.pdf', 'application/pdf')).status).toBe(413);
    expect(await countRows(server.store.db, 'task_file')).toBe(files);
  });

  it('takes the consent signature from the patient (typed name and password) and a staff witness', async () => {
    const view = await patient.get(`/api/plans/${planId}/consent`);
    expect(view.status).toBe(200);
    expect(view.json.consent.regulatoryStatus.en.length).toBeGreaterThan(40);
    const version = view.json.consent.version;
    const sign = (body: object) =>
      patient.post(`/api/plans/${planId}/consent/sign`, { language: 'ar', consentVersion: version, ...body });
    expect(
      (await sign({ typedName: 'Somebody Else', password: fixture.patientAccounts[0]?.password })).json.error
        .field,
    ).toBe('typedName');
    expect((await sign({ typedName: 'نادية حداد', password: 'wrong password!' })).status).toBe(401);
    expect(
      (
        await nurse.post(`/api/plans/${planId}/consent/sign`, {
          typedName: 'x',
          password: 'y',
          language: 'en',
          consentVersion: version,
        })
      ).status,
    ).toBe(403);
    const signed = await sign({ typedName: 'نادية حداد', password: fixture.patientAccounts[0]?.password });
    expect(signed.status, signed.text).toBe(201);
    expect(signed.json).toMatchObject({
      valid: false,
      signature: { typedName: 'نادية حداد', language: 'ar', witness: null },
    });
    const witnessed = await nurse.post(`/api/plans/${planId}/consent/witness`, {
      password: fixture.staff.nurse.password,
    });
    expect(witnessed.json.valid).toBe(true);
    expect(
      (await nurse.post(`/api/plans/${planId}/consent/witness`, { password: fixture.staff.nurse.password }))
        .status,
    ).toBe(409);
  });

  it('gives the patient a guide from today to the 12-month follow-up and a calendar file that parses', async () => {
    const guide = await patient.get('/api/portal/guide');
    expect(guide.status, guide.text).toBe(200);
    expect(guide.json.plans[0].consent.valid).toBe(true);
    const kinds = guide.json.timeline.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain('session');
    const last = guide.json.timeline.at(-1);
    expect(last.kind).toBe('follow_up');
    expect(last.date >= addDays(sessionDate(), 364)).toBe(true);
    const ics = await patient.request('GET', `/api/sessions/${sessionId}/calendar.ics?lang=ar`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(ics.text));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.length).toBeGreaterThan(3);
    const appointment = events.find((e) => e.uid === `session-${sessionId}@cellpath`);
    expect(appointment?.startDate.toJSDate().toISOString()).toBe(guide.json.plans[0].sessions[0].startsAt);
  });

  it("keeps another patient's plans, sessions, consent and files out of reach", async () => {
    const other = await signedIn(server.url, fixture.patientAccounts[1] ?? { email: '', password: '' });
    expect((await other.get(`/api/patients/${patientId}/plans`)).status).toBe(404);
    expect((await other.get(`/api/sessions/${sessionId}/preparation`)).status).toBe(404);
    expect((await other.get(`/api/plans/${planId}/consent`)).status).toBe(404);
    expect((await other.get(`/api/sessions/${sessionId}/calendar.ics`)).status).toBe(404);
    expect((await other.get('/api/portal/guide')).json.plans).toEqual([]);
    const outsider = await signedIn(server.url, (await createClinic(server.store.db)).staff.admin);
    expect((await outsider.get(`/api/sessions/${sessionId}/preparation`)).status).toBe(404);
    expect((await outsider.get(`/api/plans/${planId}/consent`)).status).toBe(404);
  });

  it('needs a written reason to sign "suitable" over an exclusion, and audits the override', async () => {
    const other = fixture.patients[1]?.id ?? '';
    const intake = await coordinator.post(`/api/patients/${other}/intake`, {
      ...CLEAN_INTAKE,
      activeInfection: true,
    });
    expect(intake.json.overall).toBe('exclude');
    const body = { decision: 'suitable', password: fixture.staff.physician.password };
    const bare = await physician.post(`/api/patients/${other}/screening/decision`, body);
    expect(bare.json.error.field).toBe('overrideReason');
    const reasoned = await physician.post(`/api/patients/${other}/screening/decision`, {
      ...body,
      overrideReason: 'Infection treated and resolved; cultures negative on re-test.',
    });
    expect(reasoned.status).toBe(201);
    const audit = await server.store.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'screening.sign_override')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('copies and edits a protocol into a new version; a retired version stays readable and cannot be booked', async () => {
    const v1 = (await physician.get(`/api/protocols/versions/${kneeVersionId}`)).json;
    const edited = structuredClone(v1.content);
    edited.preparationTasks.find((t: { code: string }) => t.code === 'stop_nsaids').timing.before = 10;
    const created = await physician.post('/api/protocols/knee_oa_bmac/versions', { content: edited });
    expect(created.status, created.text).toBe(201);
    expect(created.json.version).toBe(v1.version + 1);
    const bad = structuredClone(v1.content);
    bad.steps[0].minMinutes = -5;
    const refused = await physician.post('/api/protocols/knee_oa_bmac/versions', { content: bad });
    expect(refused.status).toBe(400);
    expect(refused.json.error.field).toBe('content.steps.0.minMinutes');
    expect((await nurse.post('/api/protocols/knee_oa_bmac/versions', { content: edited })).status).toBe(403);
    const retired = await physician.post(`/api/protocols/versions/${created.json.versionId}/retire`, {
      reason: 'Superseded by clinic review',
    });
    expect(retired.json.status).toBe('retired');
    expect((await physician.get(`/api/protocols/versions/${created.json.versionId}`)).status).toBe(200);
    const onRetired = await coordinator.post(
      `/api/patients/${patientId}/plans`,
      booking(created.json.versionId, sessionDate()),
    );
    expect(onRetired.status).toBe(409);
    expect(onRetired.json.error.code).toBe('retired_version');
    // The existing plan keeps the version it pinned.
    const plans = await coordinator.get(`/api/patients/${patientId}/plans`);
    expect(plans.json.items[0].protocol.versionId).toBe(kneeVersionId);
  });
});

function booking(protocolVersionId: string, date: string) {
  return {
    protocolVersionId,
    conditionCode: 'knee_osteoarthritis',
    targetSite: 'knee',
    laterality: 'left',
    harvestSite: 'posterior_iliac_crest',
    harvestLaterality: 'right',
    anesthesia: 'light_sedation',
    imagingGuidance: 'ultrasound',
    sessions: [{ date, time: '09:00' }],
  };
}
