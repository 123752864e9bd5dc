import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../store/schema.js';

export interface AppContext {
  db: Kysely<Database>;
  config: Pick<Config, 'session' | 'inviteHours' | 'loginRatePerMinute'>;
}
