import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from './store/db.js';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  CELLPATH_DATA_DIR: z.string().min(1).default('./data'),
  CELLPATH_DEMO: z.enum(['0', '1']).optional(),
  CELLPATH_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  CELLPATH_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  CELLPATH_INVITE_HOURS: z.coerce.number().int().min(1).default(72),
  CELLPATH_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  CELLPATH_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  SMTP_URL: z.string().url().optional(),
  CELLPATH_MAIL_FROM: z.string().min(3).default('CellPath <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  demo: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  inviteHours: number;
  loginRatePerMinute: number;
  trustProxy: boolean;
  logLevel: string;
  /** Outgoing email; without it reminders wait in the outbox for staff to see. */
  mail: { smtpUrl: string | null; from: string };
}

/** Reads the environment once at start; a bad value stops the server with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration: ${String(issue?.path.join('.'))} ${issue?.message ?? 'is invalid'}`);
  }
  const e = parsed.data;
  const demo = e.CELLPATH_DEMO !== '0';
  return {
    port: e.PORT,
    // Demo accounts have a published password: demo mode never listens beyond this machine.
    host: demo ? '127.0.0.1' : (e.HOST ?? '0.0.0.0'),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(e.CELLPATH_DATA_DIR) },
    demo,
    session: {
      idleMinutes: e.CELLPATH_SESSION_IDLE_MINUTES,
      absoluteHours: e.CELLPATH_SESSION_ABSOLUTE_HOURS,
    },
    inviteHours: e.CELLPATH_INVITE_HOURS,
    loginRatePerMinute: e.CELLPATH_LOGIN_RATE_PER_MINUTE,
    trustProxy: e.CELLPATH_TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.CELLPATH_MAIL_FROM },
  };
}
