import type { Kysely } from 'kysely';
import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import { afterFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../domain/outbox.js';
import {
  claimNextDue,
  markAbandonedSends,
  type OutboxMessage,
  type PassScope,
  type Settlement,
  settleMessage,
} from '../store/outbox.js';
import type { Database } from '../store/schema.js';

export interface DeliveryOptions extends PassScope {
  db: Kysely<Database>;
  transport: Transporter;
  from: string;
  /**
   * The time, or a clock read at each claim and each result. A pass may outlast its start by
   * minutes; a claim stamped with the pass's start could then look abandoned while still sending.
   */
  now: Date | (() => Date);
  policy?: RetryPolicy;
  /** Messages sent in one pass at most; the rest wait for the next pass. */
  limit?: number;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  /** Sends that broke off midway: may have arrived, so left for staff, never resent. */
  unknown: number;
}

/** One pass: gives up abandoned sends, then sends each due message once, one at a time. */
export async function deliverDueMessages(options: DeliveryOptions): Promise<DeliveryReport> {
  const { db, now } = options;
  const clock = typeof now === 'function' ? now : () => now;
  const scope: PassScope = { clinicId: options.clinicId };
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, unknown: 0 };
  report.unknown += await markAbandonedSends(db, clock(), scope);
  // Claiming one message at a time keeps at most one message in doubt if the process dies.
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const message = await claimNextDue(db, clock(), scope);
    if (!message) break;
    const settlement = await send(options, message, clock);
    if (!(await settleMessage(db, message, settlement, clock()))) continue;
    if (settlement.status === 'sent') report.sent++;
    else if (settlement.status === 'pending') report.retried++;
    else report[settlement.status]++;
  }
  return report;
}

async function send(
  options: DeliveryOptions,
  message: OutboxMessage,
  clock: () => Date,
): Promise<Settlement> {
  try {
    await options.transport.sendMail({
      from: options.from,
      to: message.recipient,
      subject: message.subject,
      text: message.bodyText,
      // Derived from the outbox row: a copy that did get through twice is recognisable as one.
      messageId: messageIdFor(message.id, options.from),
      headers: { 'Content-Language': message.language },
    });
    return { status: 'sent' };
  } catch (error) {
    const failure = (error ?? {}) as NodemailerError;
    const outcome = afterFailure(failure, message.attempts, clock(), options.policy ?? DEFAULT_RETRY_POLICY);
    const errorCode = [failure.code, failure.responseCode].filter((part) => part !== undefined).join(' ');
    return {
      ...outcome,
      error: String(failure.message ?? error).slice(0, 1000),
      errorCode: errorCode || null,
    };
  }
}

/** `<outbox.<id>@<domain of the sender>>`, so replies and bounces can be traced to the row. */
export function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'cellpath.invalid';
  return `<outbox.${outboxId}@${domain}>`;
}

export interface WorkerLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  mail: Config['mail'];
  log: WorkerLog;
  everyMs?: number;
}

/**
 * Sends due reminders every `everyMs` while the server runs. Without an SMTP server configured
 * it does nothing: the messages stay pending, and staff see them in the outbox and phone.
 * The returned stop function waits for a pass in progress, so the database is not closed under it.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): () => Promise<void> {
  const { db, mail, log } = options;
  if (!mail.smtpUrl) {
    log.info({}, 'no SMTP_URL: reminders wait in the outbox for staff');
    return async () => {};
  }
  // Short timeouts bound a live send well inside the lease after which a send counts as abandoned.
  const transport = nodemailer.createTransport({
    url: mail.smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  let running: Promise<void> | null = null;
  const pass = () => {
    running ??= deliverDueMessages({ db, transport, from: mail.from, now: () => new Date() })
      .then((report) => {
        if (report.sent + report.retried + report.failed + report.unknown > 0)
          log.info(report, 'outbox pass');
      })
      .catch((error: unknown) => log.error({ err: error }, 'outbox pass failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(pass, options.everyMs ?? 30_000);
  timer.unref();
  pass();
  return async () => {
    clearInterval(timer);
    await running;
    transport.close();
  };
}
