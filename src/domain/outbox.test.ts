import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abandonedBefore,
  afterFailure,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  type DeliveryFailure,
  nextAttempt,
  SEND_LEASE_MS,
} from './outbox.js';

const now = new Date('2026-03-01T07:00:00Z');
const minutes = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 60_000 : null);

describe('nextAttempt', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [6, 32],
    [7, 60], // 64 min capped at the hour
    [8, null], // the eighth attempt was the last
    [9, null],
  ])('after %i failed attempts waits %s minutes', (attempts, expected) => {
    expect(minutes(nextAttempt(attempts, now))).toBe(expected);
  });

  it('gives up exactly at the policy maximum and not one attempt earlier', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect(nextAttempt(2, now, policy)).not.toBeNull();
    expect(nextAttempt(3, now, policy)).toBeNull();
  });

  it('caps the delay at the maximum, on both sides of the cap', () => {
    const policy = { baseDelayMs: 60_000, maxDelayMs: 4 * 60_000, maxAttempts: 20 };
    expect(minutes(nextAttempt(3, now, policy))).toBe(4);
    expect(minutes(nextAttempt(2, now, policy))).toBe(2);
    expect(minutes(nextAttempt(4, now, policy))).toBe(4);
  });

  it('refuses an attempt count that is not a positive integer', () => {
    expect(() => nextAttempt(0, now)).toThrow(RangeError);
    expect(() => nextAttempt(1.5, now)).toThrow(RangeError);
  });

  it('always schedules in the future, never later than the cap, and never shrinks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: DEFAULT_RETRY_POLICY.maxAttempts - 2 }), (attempts) => {
        const delay = minutes(nextAttempt(attempts, now)) ?? -1;
        const following = minutes(nextAttempt(attempts + 1, now)) ?? -1;
        expect(delay).toBeGreaterThan(0);
        expect(delay).toBeLessThanOrEqual(60);
        expect(following).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});

describe('classifyFailure', () => {
  it.each<[DeliveryFailure, ReturnType<typeof classifyFailure>]>([
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'unreachable'],
    [{ code: 'EDNS' }, 'unreachable'],
    [{ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' }, 'unreachable'],
    [{ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' }, 'unreachable'],
    [{ code: 'EAUTH', responseCode: 535 }, 'refused'], // credentials: fixable by staff, retried
    [{ code: 'EENVELOPE', responseCode: 451 }, 'refused'],
    [{ code: 'EMESSAGE', responseCode: 452 }, 'refused'],
    [{ code: 'EMESSAGE', responseCode: 503 }, 'refused'],
    [{ code: 'EENVELOPE', responseCode: 550 }, 'refused_permanently'],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'refused_permanently'],
    [{ code: 'EPROTOCOL', responseCode: 399 }, 'uncertain'],
    [{ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }, 'uncertain'], // maybe after the data
    [{ code: 'ECONNECTION' }, 'uncertain'],
    [{ code: 'ESOCKET', originalCode: 'ECONNRESET' }, 'uncertain'],
    [{}, 'uncertain'],
  ])('%o is %s', (failure, kind) => {
    expect(classifyFailure(failure)).toBe(kind);
  });
});

describe('afterFailure', () => {
  const refused = { code: 'EENVELOPE', responseCode: 451 };

  it('retries a refused message with backoff until the last attempt, then gives up', () => {
    expect(afterFailure(refused, 1, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-03-01T07:01:00Z'),
    });
    expect(afterFailure(refused, 7, now)).toMatchObject({ status: 'pending' });
    expect(afterFailure(refused, 8, now)).toEqual({ status: 'failed' });
  });

  it('retries an unreachable server', () => {
    expect(afterFailure({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 1, now)).toMatchObject({
      status: 'pending',
    });
  });

  it('gives up at once on a permanent refusal', () => {
    expect(afterFailure({ code: 'EENVELOPE', responseCode: 550 }, 1, now)).toEqual({ status: 'failed' });
  });

  it('never retries a send that may have reached the server', () => {
    expect(afterFailure({ code: 'ECONNECTION' }, 1, now)).toEqual({ status: 'unknown' });
  });
});

describe('abandonedBefore', () => {
  it('treats claims older than the lease as abandoned', () => {
    expect(abandonedBefore(now).getTime()).toBe(now.getTime() - SEND_LEASE_MS);
    expect(abandonedBefore(now, 1000).getTime()).toBe(now.getTime() - 1000);
  });
});
