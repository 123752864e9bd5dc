import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacterFor, checkValue, mod37_2 } from './check-character.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';

/** ISO/IEC 7064 written as a weighted sum (weights 2^n … 2^1), independent of the running form. */
function weightedCheckValue(text: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = text.length - 1; i >= 0; i -= 1) {
    sum = (sum + ALPHABET.indexOf(text.charAt(i)) * weight) % 37;
    weight = (weight * 2) % 37;
  }
  return (38 - sum) % 37;
}

const dataCharacter = fc.constantFrom(...ALPHABET.slice(0, 36).split(''));
const dataText = fc.array(dataCharacter, { minLength: 1, maxLength: 20 }).map((cs) => cs.join(''));

describe('MOD 37-2 check character', () => {
  it.each([
    // ISO/IEC 7064 example, quoted in DOMAIN.md §7.
    ['G123489654321', 'Y'],
    // ST-001 Figure 2: DIN A9999 21 123456 has check character 3.
    ['A999921123456', '3'],
    ['W123426000123', '3'],
    ['W123426000001', 'N'],
    ['0000000000000', '1'],
    ['ZZZZZZZZZZZZZ', 'K'],
    ['A', 'I'],
    ['1', '*'],
  ])('gives %s the check character %s', (text, check) => {
    expect(mod37_2(text)).toBe(check);
  });

  it('maps check value 36 to * and every value to one character', () => {
    expect(checkCharacterFor(36)).toBe('*');
    expect(new Set(Array.from({ length: 37 }, (_, v) => checkCharacterFor(v))).size).toBe(37);
    expect(() => checkCharacterFor(37)).toThrow(/0–36/);
  });

  it.each(['g123489654321', 'G1234-89654321', 'G123 489', '', 'É'])(
    'refuses %j with a clear error',
    (text) => {
      expect(() => mod37_2(text)).toThrow(/MOD 37-2/);
    },
  );

  it('agrees with the weighted-sum form of the standard', () => {
    fc.assert(fc.property(dataText, (text) => checkValue(text) === weightedCheckValue(text)));
  });

  it('makes text plus check sum to 1 (mod 37), the defining property of a pure MOD 37-2 system', () => {
    fc.assert(
      fc.property(dataText, (text) => {
        let sum = 0;
        for (const c of `${text}${mod37_2(text)}`) sum = (sum * 2 + ALPHABET.indexOf(c)) % 37;
        return sum === 1;
      }),
    );
  });
});
