import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { describeTarget, openStore } from '../store/db.js';
import { DEMO_PASSWORD, seedDemo } from '../store/demo.js';
import { migrateToLatest } from '../store/migrate.js';

export async function serve(): Promise<number> {
  const config = loadConfig();
  const running = await startServer(config, { log: (line) => console.log(line) });
  if (running.demo) {
    console.log(`\nDemo clinic created: "${running.demo.clinic.name}". Sign in with any of these accounts,`);
    console.log(`all with the password "${DEMO_PASSWORD}":`);
    for (const email of running.demo.accounts) console.log(`  ${email}`);
  }
  if (config.demo) {
    console.log('\nDemo mode: listening on 127.0.0.1 only (set CELLPATH_DEMO=0 for a real deployment).');
  }
  console.log(`\nCellPath is running at ${running.url}\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping CellPath…`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return 0;
}

export async function migrate(): Promise<number> {
  const config = loadConfig();
  const store = await openStore(config.database);
  try {
    const { applied } = await migrateToLatest(store.db);
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s) to ${describeTarget(config.database)}: ${applied.join(', ')}`
        : `${describeTarget(config.database)} is up to date.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

export async function seed(): Promise<number> {
  const config = loadConfig();
  const store = await openStore(config.database);
  try {
    await migrateToLatest(store.db);
    const demo = await seedDemo(store.db);
    if (!demo) {
      console.error('The database holds data already: the demo clinic is only created on an empty database.');
      return 1;
    }
    console.log(`Demo clinic created. Accounts (password "${DEMO_PASSWORD}"): ${demo.accounts.join(', ')}`);
    return 0;
  } finally {
    await store.close();
  }
}
