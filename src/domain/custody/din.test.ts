import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod37_2 } from './check-character.js';
import { checkFlags, dinDataStructure, dinWithCheck, eyeReadable, formatDin, parseDin } from './din.js';

const TYPED_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*'.split('');

/** Valid DINs with today's numeric FINs and, sometimes, the letters ST-001 reserves. */
const validDin = fc
  .record({
    alpha: fc.constantFrom(...'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789'.split('')),
    reserved: fc.stringMatching(/^[A-NP-Z0-9]{2}$/),
    digits: fc.stringMatching(/^[0-9]{2}$/),
    year: fc.integer({ min: 0, max: 99 }),
    sequence: fc.integer({ min: 1, max: 999_999 }),
  })
  .map(({ alpha, reserved, digits, year, sequence }) =>
    formatDin({ facilityCode: `${alpha}${reserved}${digits}`, year, sequence }),
  );

describe('formatDin', () => {
  it('builds αppppyynnnnnn from facility, year and sequence', () => {
    expect(formatDin({ facilityCode: 'W1234', year: 2026, sequence: 123 })).toBe('W123426000123');
    expect(formatDin({ facilityCode: 'W1234', year: 26, sequence: 999_999 })).toBe('W123426999999');
    expect(formatDin({ facilityCode: '91234', year: 2100, sequence: 1 })).toBe('9123400000001');
  });

  it.each([
    [{ facilityCode: 'O1234', year: 26, sequence: 1 }, /Facility code/],
    [{ facilityCode: '01234', year: 26, sequence: 1 }, /Facility code/],
    [{ facilityCode: 'W123', year: 26, sequence: 1 }, /Facility code/],
    [{ facilityCode: 'w1234', year: 26, sequence: 1 }, /Facility code/],
    [{ facilityCode: 'W12A4', year: 26, sequence: 1 }, /Facility code/],
    [{ facilityCode: 'W1234', year: 26, sequence: 0 }, /000001–999999/],
    [{ facilityCode: 'W1234', year: 26, sequence: 1_000_000 }, /000001–999999/],
    [{ facilityCode: 'W1234', year: 26.5, sequence: 1 }, /not a year/],
  ])('refuses %j', (parts, message) => {
    expect(() => formatDin(parts)).toThrow(message);
  });
});

describe('check character and eye-readable form', () => {
  it('pairs a DIN with its check character', () => {
    expect(dinWithCheck('A999921123456')).toEqual({ din: 'A999921123456', check: '3' });
  });

  it('splits the printed number into FIN, year and sequence, with the check shown apart', () => {
    expect(eyeReadable('W123426000123')).toEqual({
      facility: 'W1234',
      year: '26',
      sequence: '000123',
      check: '3',
      text: 'W1234 26 000123',
    });
  });

  it('carries the check value in type 3 flags: 60 + value', () => {
    expect(checkFlags('G123489654321')).toBe(String(60 + 34)); // Y = 34
    expect(dinDataStructure('W123426000123')).toBe('=W12342600012363');
    expect(dinDataStructure('W123426000123', '00')).toBe('=W12342600012300');
  });
});

describe('parseDin', () => {
  it.each([
    ['=W12342600012363', '63'],
    ['=W12342600012300', '00'],
    ['=W12342600012301', '01'],
    ['=w12342600012363', '63'],
  ])('reads the scanned data structure %s', (scan, flags) => {
    expect(parseDin(scan)).toEqual({ ok: true, din: 'W123426000123', check: '3', flags });
  });

  it.each([
    'W123426000123 3',
    'W1234 26 000123 3',
    'w1234 26 000123 3',
    '  W123426000123  3 ',
    'W1234\t26\t0001233',
  ])('reads what a person types: %j', (typed) => {
    expect(parseDin(typed)).toEqual({ ok: true, din: 'W123426000123', check: '3', flags: null });
  });

  it.each([
    ['W123426000123', 'malformed'],
    ['W123426000123 33', 'malformed'],
    ['W1234 26 00012X 3', 'malformed'],
    ['', 'malformed'],
    ['=W123426000123', 'malformed'],
    ['=W1234260001236Z', 'malformed'],
    ['O1234 26 000123 3', 'bad_facility'],
    ['01234 26 000123 3', 'bad_facility'],
    ['W1234 26 000123 4', 'check_mismatch'],
    ['W1234 26 000132 3', 'check_mismatch'],
    ['=W12342600012364', 'flag_mismatch'],
    ['=W12342600012396', 'flag_mismatch'],
  ])('refuses %j as %s', (input, reason) => {
    const result = parseDin(input);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(20);
  });

  it('tells a person the identifier was mistyped', () => {
    const result = parseDin('W1234 26 000123 4');
    expect(!result.ok && result.message).toMatch(
      /^The check character does not match: the identifier was mistyped/,
    );
  });

  it('accepts every valid DIN with its check character, typed or scanned', () => {
    fc.assert(
      fc.property(validDin, (din) => {
        const typed = parseDin(`${din}${mod37_2(din)}`);
        const scanned = parseDin(dinDataStructure(din));
        return typed.ok && typed.din === din && scanned.ok && scanned.din === din;
      }),
    );
  });

  it('refuses any single-character substitution of a typed DIN and check', () => {
    fc.assert(
      fc.property(
        validDin,
        fc.nat({ max: 13 }),
        fc.constantFrom(...TYPED_ALPHABET),
        (din, position, replacement) => {
          const typed = `${din}${mod37_2(din)}`;
          fc.pre(typed[position] !== replacement);
          const mistyped = typed.slice(0, position) + replacement + typed.slice(position + 1);
          return parseDin(mistyped).ok === false;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses any adjacent transposition of a typed DIN and check', () => {
    fc.assert(
      fc.property(validDin, fc.nat({ max: 12 }), (din, position) => {
        const typed = `${din}${mod37_2(din)}`;
        fc.pre(typed[position] !== typed[position + 1]);
        const swapped =
          typed.slice(0, position) + typed[position + 1] + typed[position] + typed.slice(position + 2);
        return parseDin(swapped).ok === false;
      }),
      { numRuns: 2000 },
    );
  });
});
