import { type App, buildApp } from './api/app.js';
import type { Config } from './config.js';
import { startSessionSweeper } from './jobs/session-sweeper.js';
import { describeTarget, openStore, type Store } from './store/db.js';
import { type DemoSeed, seedDemo } from './store/demo.js';
import { migrateToLatest } from './store/migrate.js';

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
    const app = await buildApp({
      db: store.db,
      config,
      ...(options.webDir ? { webDir: options.webDir } : {}),
    });
    const stopSweeper = startSessionSweeper(store.db, config.session, (error) =>
      app.server.log.error({ err: error }, 'session sweep failed'),
    );
    const address = await app.server.listen({ port: config.port, host: config.host });
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    return {
      url,
      app,
      store,
      demo,
      close: async () => {
        stopSweeper();
        await app.server.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
