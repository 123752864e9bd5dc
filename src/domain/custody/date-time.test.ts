import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDateTime, parseDateTime } from './date-time.js';

const at = (iso: string) => new Date(iso);

describe('ISBT 128 date and time (ST-001 §2.4.5, §2.4.7)', () => {
  it.each([
    ['expiry', '2026-12-31T20:59:00Z', 'Asia/Riyadh', '&>0263652359'],
    ['expiry', '2024-12-31T23:59:00Z', 'UTC', '&>0243662359'],
    ['collection', '2026-03-01T07:05:00Z', 'Asia/Riyadh', '&*0260601005'],
    ['collection', '2026-01-01T00:00:59Z', 'UTC', '&*0260010000'],
    // Riyadh is UTC+3 all year: late evening UTC on 31 December is already next year there.
    ['expiry', '2026-12-31T21:00:00Z', 'Asia/Riyadh', '&>0270010000'],
    ['collection', '2026-07-01T12:00:00Z', 'America/New_York', '&*0261820800'],
  ] as const)('encodes %s %s in %s as %s', (kind, iso, zone, code) => {
    expect(encodeDateTime(kind, at(iso), zone)).toBe(code);
  });

  it('reads ICCBBA’s own example &>0183652359 as 31 December 2018, 23:59', () => {
    expect(parseDateTime('&>0183652359', 'UTC')).toEqual({
      ok: true,
      kind: 'expiry',
      instant: at('2018-12-31T23:59:00Z'),
    });
  });

  it('reads the time on the wall clock of the given zone', () => {
    expect(parseDateTime('&*0263652359', 'Asia/Riyadh')).toEqual({
      ok: true,
      kind: 'collection',
      instant: at('2026-12-31T20:59:00Z'),
    });
  });

  it.each([
    ['=>0263652359', 'malformed'],
    ['&>026365235', 'malformed'],
    ['&>02636523590', 'malformed'],
    ['&>02636a2359', 'malformed'],
    ['&>0263662359', 'invalid_date'], // 2026 has 365 days
    ['&>0260002359', 'invalid_date'],
    ['&>0261002400', 'invalid_date'],
    ['&>0261002360', 'invalid_date'],
  ])('refuses %s as %s', (code, reason) => {
    expect(parseDateTime(code, 'UTC')).toMatchObject({ ok: false, reason });
  });

  it('accepts day 366 in a leap year', () => {
    expect(parseDateTime('&>0243662359', 'UTC')).toMatchObject({
      ok: true,
      instant: at('2024-12-31T23:59:00Z'),
    });
  });

  it('refuses to encode dates outside 2000–2999', () => {
    expect(() => encodeDateTime('expiry', at('1999-12-31T12:00:00Z'), 'UTC')).toThrow(/2000–2999/);
    expect(() => encodeDateTime('expiry', new Date(Number.NaN), 'UTC')).toThrow(/invalid/);
  });

  const minute = fc
    .integer({ min: Date.UTC(2000, 0, 2), max: Date.UTC(2998, 11, 30) })
    .map((ms) => new Date(ms - (ms % 60_000)));

  it('round-trips every minute in zones without daylight saving', () => {
    fc.assert(
      fc.property(
        minute,
        fc.constantFrom('UTC', 'Asia/Riyadh', 'Asia/Kolkata', 'Asia/Dubai'),
        (instant, zone) => {
          const parsed = parseDateTime(encodeDateTime('expiry', instant, zone), zone);
          return parsed.ok && parsed.instant.getTime() === instant.getTime();
        },
      ),
    );
  });

  it('keeps the wall-clock code stable where daylight saving repeats an hour', () => {
    fc.assert(
      fc.property(minute, fc.constantFrom('America/New_York', 'Europe/London'), (instant, zone) => {
        const code = encodeDateTime('collection', instant, zone);
        const parsed = parseDateTime(code, zone);
        return parsed.ok && encodeDateTime('collection', parsed.instant, zone) === code;
      }),
    );
  });
});
