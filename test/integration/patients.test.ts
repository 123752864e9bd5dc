import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { type Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('patients on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let nurse: Client;

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    nurse = await signedIn(server.url, fixture.staff.nurse);
  });
  afterAll(() => server?.close());

  const fatima = {
    givenName: 'Fatima',
    familyName: 'Al-Zahraa',
    givenNameAr: 'فاطمة',
    familyNameAr: 'الزهراء',
    dateOfBirth: '1984-06-30',
    sex: 'female',
    phone: '+966 55 444 7788',
    email: 'fatima@example.org',
    preferredLanguage: 'ar',
  };

  it('registers a patient with Latin and Arabic names and a generated MRN, audited', async () => {
    const created = await nurse.post('/api/patients', fatima);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...fatima, hasPortalAccount: false });
    expect(created.json.mrn).toMatch(/^\d{6}$/);
    const audit = await server.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_id', '=', created.json.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'patient.create',
      actor_user_id: fixture.staff.nurse.userId,
      actor_role: 'nurse',
      clinic_id: fixture.clinic.id,
    });
    expect(audit[0]?.request_id).toBe(created.headers.get('x-request-id'));
  });

  it('finds a patient by Arabic name typed without hamza, diacritics or ta marbuta', async () => {
    for (const q of ['فاطمه', 'الزهراء', 'فاطِمة الزهراء', 'fatima', 'AL-ZAHRAA']) {
      const found = await nurse.get(`/api/patients?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      expect(
        found.json.items.map((p: { givenNameAr: string }) => p.givenNameAr),
        q,
      ).toContain('فاطمة');
    }
  });

  it('finds a patient by MRN prefix and by the end of the phone number, in either digit set', async () => {
    const mrn = fixture.patients[0]?.mrn ?? '';
    const byMrn = await nurse.get(`/api/patients?q=${mrn}`);
    expect(byMrn.json.items.map((p: { id: string }) => p.id)).toContain(fixture.patients[0]?.id);
    const byPhone = await nurse.get(`/api/patients?q=${encodeURIComponent('٤٤٤ ٧٧٨٨')}`);
    expect(byPhone.json.items.map((p: { givenName: string }) => p.givenName)).toContain('Fatima');
  });

  it('accepts an Arabic name written with its diacritics, and finds it without them', async () => {
    const created = await nurse.post('/api/patients', {
      givenNameAr: 'مُحَمَّد',
      familyNameAr: 'الأَمِين',
      dateOfBirth: '2001-01-01',
      sex: 'male',
      preferredLanguage: 'ar',
    });
    expect(created.status, created.text).toBe(201);
    const found = await nurse.get(`/api/patients?q=${encodeURIComponent('محمد الامين')}`);
    expect(found.json.items.map((p: { id: string }) => p.id)).toContain(created.json.id);
  });

  it('pages the list newest first with a total', async () => {
    const first = await nurse.get('/api/patients?page=1&pageSize=2');
    expect(first.json).toMatchObject({ page: 1, pageSize: 2, total: 4 });
    expect(first.json.items).toHaveLength(2);
    expect(first.json.items[0].givenNameAr).toBe('مُحَمَّد');
    expect(first.json.items[1].givenName).toBe('Fatima');
    const last = await nurse.get('/api/patients?page=2&pageSize=2');
    expect(last.json.items).toHaveLength(2);
    const beyond = await nurse.get('/api/patients?page=5&pageSize=2');
    expect(beyond.json).toMatchObject({ items: [], total: 4 });
  });

  it('refuses a second patient with the same MRN in one clinic', async () => {
    const first = await nurse.post('/api/patients', { ...fatima, email: null, mrn: 'A-100' });
    expect(first.status).toBe(201);
    const second = await nurse.post('/api/patients', { ...fatima, email: null, mrn: 'A-100' });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: 'conflict', field: 'mrn' });
  });

  it('shows one patient and audits the staff read', async () => {
    const id = fixture.patients[1]?.id;
    const response = await nurse.get(`/api/patients/${id}`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ givenName: 'Peter', familyName: 'Olsen', hasPortalAccount: true });
    const reads = await server.store.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', id ?? '')
      .where('action', '=', 'patient.read')
      .execute();
    expect(reads).toEqual([{ action: 'patient.read', actor_user_id: fixture.staff.nurse.userId }]);
  });

  it('refuses to register a patient without a full name in either script', async () => {
    const response = await nurse.post('/api/patients', { ...fatima, givenName: null, familyNameAr: null });
    expect(response.status).toBe(400);
    // Half an Arabic name was given: the error points at the half that is missing.
    expect(response.json.error.field).toBe('familyNameAr');
    const none = await nurse.post('/api/patients', {
      ...fatima,
      givenName: null,
      familyName: null,
      givenNameAr: null,
      familyNameAr: null,
    });
    expect(none.json.error.field).toBe('givenName');
  });

  it('lets a lab technician search but not register patients', async () => {
    const lab = await signedIn(server.url, fixture.staff.lab_technician);
    expect((await lab.get('/api/patients')).status).toBe(200);
    expect((await lab.post('/api/patients', fatima)).status).toBe(403);
  });
});
