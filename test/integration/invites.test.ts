import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { Client, type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

describe.each(testTargets())('invites on $name', ({ target }) => {
  let server: RunningServer;
  let fixture: ClinicFixture;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestServer({ target });
    fixture = await createClinic(server.store.db);
    admin = await signedIn(server.url, fixture.staff.admin);
  });
  afterAll(() => server?.close());

  it('lets an admin invite a nurse, who sets a password once and is signed in', async () => {
    const email = `new-nurse-${Date.now()}@test.clinic`;
    const invite = await admin.post('/api/invites', { email, role: 'nurse', displayName: 'Huda Saleh' });
    expect(invite.status).toBe(201);
    expect(invite.json.inviteUrl).toBe(`/invite/${invite.json.token}`);

    const visitor = new Client(server.url);
    const info = await visitor.get(`/api/invites/${invite.json.token}`);
    expect(info.json).toMatchObject({ email, role: 'nurse', clinicName: fixture.clinic.name });

    const short = await visitor.post(`/api/invites/${invite.json.token}/accept`, { password: 'short pass' });
    expect(short.status).toBe(400);
    expect(short.json.error.field).toBe('password');

    const accepted = await visitor.post(`/api/invites/${invite.json.token}/accept`, {
      password: 'a long enough one',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.json.user).toMatchObject({ email, role: 'nurse', displayName: 'Huda Saleh' });
    expect((await visitor.get('/api/patients')).status).toBe(200);

    const again = await new Client(server.url).post(`/api/invites/${invite.json.token}/accept`, {
      password: 'a long enough one',
    });
    expect(again.status).toBe(404);
    const staff = await admin.get('/api/staff');
    expect(staff.json.items.map((u: { email: string }) => u.email)).toContain(email);
  });

  it('refuses an expired invite link', async () => {
    const invite = await admin.post('/api/invites', {
      email: `late-${Date.now()}@test.clinic`,
      role: 'coordinator',
      displayName: 'Late Comer',
    });
    await server.store.db
      .updateTable('invite')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('email', '=', invite.json.email)
      .execute();
    const response = await new Client(server.url).post(`/api/invites/${invite.json.token}/accept`, {
      password: 'a long enough one',
    });
    expect(response.status).toBe(404);
  });

  it('keeps staff invitations with admins and refuses inviting an existing email', async () => {
    const nurse = await signedIn(server.url, fixture.staff.nurse);
    const denied = await nurse.post('/api/invites', {
      email: 'x@test.clinic',
      role: 'nurse',
      displayName: 'X',
    });
    expect(denied.status).toBe(403);
    const taken = await admin.post('/api/invites', {
      email: fixture.staff.nurse.email,
      role: 'nurse',
      displayName: 'Dup',
    });
    expect(taken.status).toBe(409);
    const patientRole = await admin.post('/api/invites', {
      email: 'p@test.clinic',
      role: 'patient',
      displayName: 'P',
    });
    expect(patientRole.status).toBe(400);
  });

  it('lets staff invite a patient, who then reaches only their own record', async () => {
    const nurse = await signedIn(server.url, fixture.staff.nurse);
    const created = await nurse.post('/api/patients', {
      givenName: 'Rania',
      familyName: 'Yousef',
      dateOfBirth: '1990-02-02',
      sex: 'female',
      email: `rania-${Date.now()}@example.org`,
      preferredLanguage: 'ar',
    });
    const invite = await nurse.post(`/api/patients/${created.json.id}/invite`, {});
    expect(invite.status).toBe(201);
    expect(invite.json.role).toBe('patient');
    const rania = new Client(server.url);
    const accepted = await rania.post(`/api/invites/${invite.json.token}/accept`, {
      password: 'rania has a long one',
    });
    expect(accepted.json.user).toMatchObject({ role: 'patient', patientId: created.json.id });
    expect((await rania.get(`/api/patients/${created.json.id}`)).status).toBe(200);
    expect((await rania.get(`/api/patients/${fixture.patients[0]?.id}`)).status).toBe(404);
    expect((await rania.get('/api/patients')).status).toBe(403);
    const twice = await nurse.post(`/api/patients/${created.json.id}/invite`, {});
    expect(twice.status).toBe(409);
  });
});
