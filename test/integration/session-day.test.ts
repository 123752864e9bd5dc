import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { type BookedCare, bookKneeSession } from '../support/care.js';
import { type Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('the session day on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let care: BookedCare;
  let staff: Record<'coordinator' | 'physician' | 'nurse' | 'lab', Client>;
  const move = (who: Client, event: string, reason?: string) =>
    who.post(`/api/sessions/${care.sessionId}/transitions`, reason ? { event, reason } : { event });
  const timeout = (who: Client, item: string, outcome = 'confirmed', note?: string) =>
    who.post(`/api/sessions/${care.sessionId}/timeout`, note ? { item, outcome, note } : { item, outcome });

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    staff = {
      coordinator: await signedIn(server.url, fixture.staff.coordinator),
      physician: await signedIn(server.url, fixture.staff.physician),
      nurse: await signedIn(server.url, fixture.staff.nurse),
      lab: await signedIn(server.url, fixture.staff.lab_technician),
    };
    care = await bookKneeSession(
      server.url,
      staff,
      fixture.staff.physician.password,
      fixture.patients[0]?.id ?? '',
      fixture.clinic.timeZone,
    );
  });
  afterAll(() => server?.close());

  it('starts booked, offering check-in', async () => {
    const day = await staff.nurse.get(`/api/sessions/${care.sessionId}/day`);
    expect(day.status, day.text).toBe(200);
    expect(day.json).toMatchObject({ state: 'booked', cellSource: 'autologous_bone_marrow' });
    expect(day.json.nextEvents).toContain('check_in');
    expect(day.json.timeout.complete).toBe(false);
  });

  it('checks the patient in — by the desk, once', async () => {
    expect((await move(staff.lab, 'check_in')).json.error.code).toBe('wrong_role');
    const checkedIn = await move(staff.coordinator, 'check_in');
    expect(checkedIn.status, checkedIn.text).toBe(201);
    expect(checkedIn.json.state).toBe('checked_in');
    const again = await move(staff.coordinator, 'check_in');
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('wrong_state');
    expect((await move(staff.physician, 'start_harvest')).json.error.code).toBe('wrong_state');
  });

  it('holds the procedure until the time-out is complete', async () => {
    const early = await move(staff.nurse, 'complete_checks');
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('timeout_incomplete');
    for (const item of ['identity_two_identifiers', 'allergies_reviewed', 'site_laterality_confirmed']) {
      expect((await timeout(staff.nurse, item)).status).toBe(201);
    }
    expect((await timeout(staff.nurse, 'consent_valid')).json.error.code).toBe('recorded_item');
    expect(
      (await timeout(staff.nurse, 'imaging_on_file', 'waived', 'Imaging reviewed on paper at the desk'))
        .status,
    ).toBe(403);
    const waived = await timeout(
      staff.physician,
      'consent_valid',
      'waived',
      'Patient agreed verbally at the desk',
    );
    expect(waived.status).toBe(409);
    expect(waived.json.error.code).toBe('not_waivable');
    expect((await timeout(staff.physician, 'imaging_on_file', 'waived', 'short')).json.error.field).toBe(
      'note',
    );
    const day = (await staff.nurse.get(`/api/sessions/${care.sessionId}/day`)).json;
    const open = day.timeout.items
      .filter((i: { status: string }) => i.status === 'open')
      .map((i: { item: string }) => i.item);
    expect(open).toEqual(['consent_valid', 'preparation_verified']);
  });

  it('completes the time-out once consent is signed and witnessed and preparation verified', async () => {
    const patient = await signedIn(server.url, fixture.patientAccounts[0] ?? { email: '', password: '' });
    const consent = await patient.get(`/api/plans/${care.planId}/consent`);
    await patient.post(`/api/plans/${care.planId}/consent/sign`, {
      typedName: 'Nadia Haddad',
      password: fixture.patientAccounts[0]?.password,
      language: 'en',
      consentVersion: consent.json.consent.version,
    });
    await staff.nurse.post(`/api/plans/${care.planId}/consent/witness`, {
      password: fixture.staff.nurse.password,
    });
    const prep = await staff.nurse.get(`/api/sessions/${care.sessionId}/preparation`);
    for (const task of prep.json.tasks) {
      expect(
        (await staff.nurse.post(`/api/sessions/${care.sessionId}/tasks/${task.code}/verify`, {})).status,
      ).toBe(201);
    }
    const done = await move(staff.nurse, 'complete_checks');
    expect(done.status, done.text).toBe(201);
    expect(done.json.state).toBe('checks_done');
    expect(done.json.timeout.complete).toBe(true);
  });

  it('starts the harvest by a physician only, and records who did each step', async () => {
    expect((await move(staff.nurse, 'start_harvest')).status).toBe(403);
    const harvesting = await move(staff.physician, 'start_harvest');
    expect(harvesting.json.state).toBe('harvesting');
    expect(
      harvesting.json.transitions.map(
        (t: { event: string; actorRole: string }) => `${t.event}:${t.actorRole}`,
      ),
    ).toEqual(['check_in:coordinator', 'complete_checks:nurse', 'start_harvest:physician']);
  });

  it('aborts only with a reason, by a physician, and then nothing more happens', async () => {
    expect((await move(staff.physician, 'abort')).json.error.field).toBe('reason');
    expect((await move(staff.nurse, 'abort', 'vasovagal episode during harvest')).status).toBe(403);
    const aborted = await move(staff.physician, 'abort', 'vasovagal episode during harvest');
    expect(aborted.json.state).toBe('aborted');
    expect(aborted.json.nextEvents).toEqual([]);
    expect((await move(staff.physician, 'start_harvest')).status).toBe(409);
    const audit = await server.store.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', care.sessionId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['session.check_in', 'session.complete_checks', 'session.abort']),
    );
  });

  it('refuses a transition body that is not one of the buttons', async () => {
    expect((await move(staff.physician, 'release_product')).status).toBe(400);
    expect(
      (
        await staff.physician.post(`/api/sessions/${care.sessionId}/transitions`, {
          event: 'check_in',
          extra: 1,
        })
      ).status,
    ).toBe(400);
  });
});
