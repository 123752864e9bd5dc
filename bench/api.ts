/**
 * API baseline: login, patient search and patient create against a running CellPath,
 * on PGlite (default) and on PostgreSQL when BENCH_DATABASE_URL is set.
 *
 *   npm run build && npm run bench
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/cellpath_bench npm run bench   # also PostgreSQL (emptied!)
 *
 * The server runs as its own process (as in production) and autocannon loads it over loopback.
 * Results print as a Markdown table to paste into docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const SEED_PATIENTS = Number(process.env.BENCH_PATIENTS ?? 2000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

interface Row {
  database: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function startServer(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/cellpath.js'), 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', CELLPATH_LOGIN_RATE_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/CellPath is running at (\S+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nurse@demo.clinic', password: 'cellpath-demo' }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const GIVEN = ['Mariam', 'Ahmed', 'Fatima', 'Omar', 'Layla', 'Yousef', 'Noor', 'Khaled', 'Huda', 'Samir'];
const GIVEN_AR = ['مريم', 'أحمد', 'فاطمة', 'عمر', 'ليلى', 'يوسف', 'نور', 'خالد', 'هدى', 'سمير'];
const FAMILY = ['Haddad', 'Nasser', 'Khalil', 'Mansour', 'Farouk', 'Saleh', 'Rashid', 'Zahran'];
const FAMILY_AR = ['حداد', 'ناصر', 'خليل', 'منصور', 'فاروق', 'صالح', 'راشد', 'زهران'];

function patient(i: number) {
  return {
    givenName: GIVEN[i % GIVEN.length],
    familyName: FAMILY[(i * 7) % FAMILY.length],
    givenNameAr: GIVEN_AR[i % GIVEN_AR.length],
    familyNameAr: FAMILY_AR[(i * 7) % FAMILY_AR.length],
    dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    sex: i % 2 ? 'male' : 'female',
    phone: `+966 5${String(i).padStart(8, '0')}`,
    preferredLanguage: i % 3 ? 'ar' : 'en',
  };
}

async function seed(url: string, cookie: string): Promise<void> {
  const batch = 20;
  for (let i = 0; i < SEED_PATIENTS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, SEED_PATIENTS - i) }, (_, k) =>
        fetch(`${url}/api/patients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(patient(i + k)),
        }),
      ),
    );
    process.stderr.write(`\r  seeding patients: ${Math.min(i + batch, SEED_PATIENTS)} / ${SEED_PATIENTS}`);
  }
  process.stderr.write('\n');
}

async function run(name: string, options: autocannon.Options): Promise<Omit<Row, 'database'>> {
  const result = await autocannon({ duration: DURATION, connections: 10, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    scenario: name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
  };
}

async function benchDatabase(database: string, env: Record<string, string>): Promise<Row[]> {
  process.stderr.write(`${database}: starting server\n`);
  const server = await startServer(env);
  try {
    const cookie = await login(server.url);
    await seed(server.url, cookie);
    const rows: Row[] = [];
    process.stderr.write(`${database}: login\n`);
    rows.push({
      database,
      ...(await run('login (argon2id verify + session insert)', {
        url: `${server.url}/api/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nurse@demo.clinic', password: 'cellpath-demo' }),
      })),
    });
    process.stderr.write(`${database}: search\n`);
    rows.push({
      database,
      ...(await run(`patient search by Arabic name (${SEED_PATIENTS} patients)`, {
        url: `${server.url}/api/patients?q=${encodeURIComponent('فاطمه حداد')}`,
        headers: { cookie },
      })),
    });
    process.stderr.write(`${database}: create\n`);
    let i = SEED_PATIENTS;
    rows.push({
      database,
      ...(await run('patient create (with audit event)', {
        url: `${server.url}/api/patients`,
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({ ...req, body: JSON.stringify(patient(i++)) }),
          },
        ],
      })),
    });
    return rows;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(
    ...(await benchDatabase('PGlite', { CELLPATH_DATA_DIR: mkdtempSync(join(tmpdir(), 'cellpath-bench-')) })),
  );
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) {
    // The benchmark empties this database: it must be one made for it.
    if (!new URL(pgUrl).pathname.includes('bench')) {
      throw new Error(
        'BENCH_DATABASE_URL must name a database made for benchmarks (its name contains "bench"): it is emptied',
      );
    }
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.end();
    rows.push(...(await benchDatabase('PostgreSQL', { DATABASE_URL: pgUrl })));
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}, ${DURATION} s per scenario, 10 connections\n`,
  );
  console.log('| database | scenario | requests/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.database} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
    );
  }
}

await main();
