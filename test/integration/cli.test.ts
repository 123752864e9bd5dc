import { describe, expect, it } from 'vitest';
import { runCli, serveCli, tempDataDir } from '../support/cli.js';
import { Client } from '../support/fixtures.js';

describe('cellpath serve on its embedded database', () => {
  it('creates the demo clinic on first start, prints the accounts and listens on 127.0.0.1 only', async () => {
    const serve = await serveCli({ CELLPATH_DATA_DIR: tempDataDir(), HOST: '0.0.0.0' });
    try {
      const output = serve.output();
      for (const email of ['admin', 'physician', 'nurse', 'lab', 'coordinator', 'patient']) {
        expect(output).toContain(`${email}@demo.clinic`);
      }
      expect(output).toContain('cellpath-demo');
      expect(output).toMatch(/listening on 127\.0\.0\.1 only/);
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      for (const email of ['admin', 'physician', 'nurse', 'lab', 'coordinator', 'patient']) {
        await new Client(serve.url).login({ email: `${email}@demo.clinic`, password: 'cellpath-demo' });
      }
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }, 120_000);

  it('keeps a patient acknowledged with 201 through kill -9 and a restart', async () => {
    const env = { CELLPATH_DATA_DIR: tempDataDir() };
    const first = await serveCli(env);
    const nurse = new Client(first.url);
    await nurse.login({ email: 'nurse@demo.clinic', password: 'cellpath-demo' });
    const created = await nurse.post('/api/patients', {
      givenNameAr: 'سلمى',
      familyNameAr: 'القحطاني',
      dateOfBirth: '1993-08-08',
      sex: 'female',
      preferredLanguage: 'ar',
    });
    expect(created.status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serveCli(env);
    try {
      expect(second.output()).not.toContain('Demo clinic created');
      const again = new Client(second.url);
      await again.login({ email: 'nurse@demo.clinic', password: 'cellpath-demo' });
      const found = await again.get(`/api/patients/${created.json.id}`);
      expect(found.status).toBe(200);
      expect(found.json.familyNameAr).toBe('القحطاني');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 180_000);
});

describe('cellpath without demo data', () => {
  it('creates the first admin with `cellpath admin create`, who can then sign in', async () => {
    const env = { CELLPATH_DATA_DIR: tempDataDir(), CELLPATH_DEMO: '0', HOST: '127.0.0.1' };
    const missing = await runCli(
      ['admin', 'create', '--email', 'boss@clinic.test', '--name', 'Boss'],
      env,
      'long enough pw\n',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No clinic exists yet/);
    const weak = await runCli(
      [
        'admin',
        'create',
        '--email',
        'boss@clinic.test',
        '--name',
        'Boss',
        '--clinic',
        'Riverside',
        '--facility-code',
        'R1234',
      ],
      env,
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const created = await runCli(
      [
        'admin',
        'create',
        '--email',
        'boss@clinic.test',
        '--name',
        'Boss',
        '--clinic',
        'Riverside Clinic',
        '--facility-code',
        'R1234',
        '--time-zone',
        'Asia/Riyadh',
        '--language',
        'ar',
      ],
      env,
      'a long enough password\n',
    );
    expect(created.stdout, created.stderr).toContain('Admin boss@clinic.test created for Riverside Clinic');

    const serve = await serveCli(env);
    try {
      expect(serve.output()).not.toContain('demo.clinic');
      const admin = new Client(serve.url);
      const me = await admin.login({ email: 'boss@clinic.test', password: 'a long enough password' });
      expect(me.json.user).toMatchObject({
        role: 'admin',
        clinic: { name: 'Riverside Clinic', defaultLanguage: 'ar' },
      });
      expect((await admin.get('/api/patients')).json.total).toBe(0);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }, 120_000);

  it('refuses bad arguments with a message naming them', async () => {
    const env = { CELLPATH_DATA_DIR: tempDataDir(), CELLPATH_DEMO: '0' };
    const bad = await runCli(
      ['admin', 'create', '--email', 'not-an-email', '--name', 'X'],
      env,
      'a long enough password\n',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email must be an email address');
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const badPort = await runCli(['migrate'], { ...env, PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('PORT');
  }, 60_000);
});
