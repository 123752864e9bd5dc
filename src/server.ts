import { type App, buildApp } from './api/app.js';
import type { Config } from './config.js';
import { startOutboxWorker } from './jobs/outbox-worker.js';
import { startSessionSweeper } from './jobs/session-sweeper.js';
import { listClinicIds } from './store/clinics.js';
import { describeTarget, openStore, type Store } from './store/db.js';
import { type DemoSeed, seedDemo } from './store/demo.js';
import { migrateToLatest } from './store/migrate.js';
import { ensureDefaultProtocols } from './store/protocols.js';

/** Gives every clinic the shipped protocols it does not have yet (after an update, say). */
async function loadNewDefaultProtocols(db: Store['db']): Promise<number> {
  let added = 0;
  for (const clinicId of await listClinicIds(db)) {
    added += await db.transaction().execute((trx) => ensureDefaultProtocols(trx, clinicId));
  }
  return added;
}

export interface RunningServer {
  url: string;
  app: App;
  store: Store;
  demo: DemoSeed | null;
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the demo clinic when asked, and listens. */
export async function startServer(
  config: Config,
  options: { webDir?: string; log?: (line: string) => void } = {},
): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const store = await openStore(config.database);
  try {
    log(`Database: ${describeTarget(config.database)}`);
    const migrated = await migrateToLatest(store.db);
    if (migrated.applied.length > 0) log(`Migrations applied: ${migrated.applied.join(', ')}`);
    const demo = config.demo ? await seedDemo(store.db) : null;
    const loaded = await loadNewDefaultProtocols(store.db);
    if (loaded > 0) log(`Default protocols loaded: ${loaded}`);
    const app = await buildApp({
      db: store.db,
      config,
      ...(options.webDir ? { webDir: options.webDir } : {}),
    });
    const stopSweeper = startSessionSweeper(store.db, config.session, (error) =>
      app.server.log.error({ err: error }, 'session sweep failed'),
    );
    const stopOutbox = startOutboxWorker({ db: store.db, mail: config.mail, log: app.server.log });
    const address = await app.server.listen({ port: config.port, host: config.host });
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    return {
      url,
      app,
      store,
      demo,
      close: async () => {
        stopSweeper();
        await stopOutbox();
        await app.server.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
