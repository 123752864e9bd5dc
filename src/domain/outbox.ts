/**
 * Rules for delivering reminder messages from the outbox. Delivery is at most once: a patient
 * told twice to stop a medicine, or to fast, is confused; a reminder that might have gone out
 * is left for staff to check rather than sent again.
 */

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'unknown'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_KINDS = ['preparation_task', 'appointment'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface RetryPolicy {
  /** Delay after the first failed attempt; each later failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts in all, the first included; after the last one fails the message is given up. */
  maxAttempts: number;
}

// 1, 2, 4 … 32 min, then hourly: 8 attempts span about two hours, so a mail server restarted
// for maintenance is waited for, while a reminder due this morning is not delivered tonight.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 8,
};

/**
 * When to try again after `attempts` attempts have failed, or null to give up.
 * `attempts` counts the attempt that just failed.
 */
export function nextAttempt(
  attempts: number,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Date | null {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be ≥ 1, got ${attempts}`);
  if (attempts >= policy.maxAttempts) return null;
  const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), policy.maxDelayMs);
  return new Date(now.getTime() + delay);
}

/** What an SMTP client reported when a send failed (the fields nodemailer sets on its errors). */
export interface DeliveryFailure {
  code?: string | undefined;
  responseCode?: number | undefined;
  /** The socket error under the client's own code, e.g. ECONNREFUSED under ESOCKET. */
  originalCode?: string | undefined;
  timeoutType?: string | undefined;
}

/**
 * `refused`: the server answered and did not take the message; `unreachable`: no session with
 * the server was opened, so nothing was sent; `uncertain`: the connection broke while the
 * message may have been handed over.
 */
export type FailureKind = 'refused' | 'refused_permanently' | 'unreachable' | 'uncertain';

// Failures before any message data left this machine.
const BEFORE_SESSION_CODES = new Set([
  'EDNS',
  'ETLS',
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EPROXY',
  'EREQUIRETLS',
]);
const SOCKET_NEVER_OPENED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

export function classifyFailure(failure: DeliveryFailure): FailureKind {
  const reply = failure.responseCode;
  if (reply !== undefined && reply >= 400 && reply < 600) {
    // RFC 5321: 5yz is a permanent refusal of this message (503 only says the session was in
    // the wrong state); an authentication 5yz is a set-up fault that staff can fix, so retried.
    const aboutMessage = failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE';
    return reply >= 500 && reply !== 503 && aboutMessage ? 'refused_permanently' : 'refused';
  }
  if (failure.code && BEFORE_SESSION_CODES.has(failure.code)) return 'unreachable';
  if (failure.originalCode && SOCKET_NEVER_OPENED.has(failure.originalCode)) return 'unreachable';
  if (failure.timeoutType && SETUP_TIMEOUTS.has(failure.timeoutType)) return 'unreachable';
  return 'uncertain';
}

export type DeliveryOutcome =
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' }
  | { status: 'unknown' };

/** Where a message goes after a failed attempt; never back to pending when it may have arrived. */
export function afterFailure(
  failure: DeliveryFailure,
  attempts: number,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): DeliveryOutcome {
  const kind = classifyFailure(failure);
  switch (kind) {
    case 'uncertain':
      return { status: 'unknown' };
    case 'refused_permanently':
      return { status: 'failed' };
    case 'refused':
    case 'unreachable': {
      const at = nextAttempt(attempts, now, policy);
      return at ? { status: 'pending', nextAttemptAt: at } : { status: 'failed' };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unhandled failure kind ${String(unreachable)}`);
    }
  }
}

/**
 * A message claimed for sending longer ago than this was abandoned by a worker that stopped
 * mid-send. The worker's SMTP timeouts (connect 30 s, greeting 30 s, idle socket 60 s) bound a
 * live send to a few minutes, so a claim this old is never one still in progress.
 */
export const SEND_LEASE_MS = 15 * 60_000;

export function abandonedBefore(now: Date, leaseMs: number = SEND_LEASE_MS): Date {
  return new Date(now.getTime() - leaseMs);
}
