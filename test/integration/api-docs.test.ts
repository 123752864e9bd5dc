import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/api/app.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { Client, createClinic } from '../support/fixtures.js';
import { testConfig } from '../support/server.js';

describe('API reference and logs', () => {
  let store: Store;
  let app: App;
  let url: string;
  let logs = '';

  beforeAll(async () => {
    store = await openStore({ kind: 'pglite', dataDir: null });
    await migrateToLatest(store.db);
    const stream = new PassThrough();
    stream.on('data', (chunk) => {
      logs += chunk;
    });
    app = await buildApp({
      db: store.db,
      config: testConfig(store.target, { logLevel: 'info' }),
      logStream: stream,
    });
    url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.server.close();
    await store?.close();
  });

  it('publishes an OpenAPI document that lists every API route', async () => {
    const response = await new Client(url).get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json.openapi).toMatch(/^3\./);
    const documented = Object.keys(response.json.paths);
    for (const path of [
      '/api/auth/login',
      '/api/patients',
      '/api/patients/{id}',
      '/api/invites/{token}/accept',
      '/api/protocols',
      '/api/protocols/{code}/versions',
      '/api/patients/{id}/intake',
      '/api/patients/{id}/screening/decision',
      '/api/patients/{id}/plans',
      '/api/plans/{planId}/consent/sign',
      '/api/sessions/{sessionId}/preparation',
      '/api/sessions/{sessionId}/tasks/{code}/files',
      '/api/sessions/{sessionId}/calendar.ics',
      '/api/portal/guide',
      '/api/outbox',
    ]) {
      expect(documented).toContain(path);
    }
    const create = response.json.paths['/api/patients'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('dateOfBirth');
  });

  it('serves a human reference page at /api/docs', async () => {
    const response = await fetch(`${url}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });

  it('logs requests without patient names, dates of birth or search terms', async () => {
    const fixture = await createClinic(store.db);
    const nurse = new Client(url);
    await nurse.login(fixture.staff.nurse);
    await nurse.post('/api/patients', {
      givenName: 'Zebulon',
      familyName: 'Quintessa',
      givenNameAr: 'زبلون',
      familyNameAr: 'كوينتيسا',
      dateOfBirth: '1961-12-24',
      sex: 'male',
      phone: '+1 555 010 9999',
      preferredLanguage: 'en',
    });
    await nurse.get(`/api/patients?q=${encodeURIComponent('Quintessa')}`);
    expect(logs).toContain('/api/patients');
    for (const secret of [
      'Zebulon',
      'Quintessa',
      '1961-12-24',
      '555 010',
      fixture.staff.nurse.password,
      'زبلون',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
