import type { Config } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import type { DatabaseTarget } from '../../src/store/db.js';

/** The databases the integration suite runs on: PGlite always, PostgreSQL when CI gives one. */
export function testTargets(): Array<{ name: string; target: DatabaseTarget }> {
  const targets: Array<{ name: string; target: DatabaseTarget }> = [
    { name: 'PGlite', target: { kind: 'pglite', dataDir: null } },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'PostgreSQL', target: { kind: 'postgres', url } });
  return targets;
}

export function testConfig(target: DatabaseTarget, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    database: target,
    demo: false,
    session: { idleMinutes: 30, absoluteHours: 12 },
    inviteHours: 72,
    loginRatePerMinute: 1000,
    trustProxy: false,
    logLevel: process.env.CELLPATH_TEST_LOG ?? 'silent',
    mail: { smtpUrl: null, from: 'CellPath Test <no-reply@test.clinic>' },
    ...overrides,
  };
}

/**
 * The real server on a random port over a fresh in-memory database, serving the built web app
 * (`npm run build` first). With `demo: true` the demo clinic and its accounts exist.
 */
export async function startTestServer(
  options: { demo?: boolean; target?: DatabaseTarget; config?: Partial<Config> } = {},
): Promise<RunningServer> {
  const target = options.target ?? { kind: 'pglite', dataDir: null };
  return startServer(testConfig(target, { demo: options.demo ?? false, ...options.config }));
}
