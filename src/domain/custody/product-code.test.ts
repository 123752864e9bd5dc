import { describe, expect, it } from 'vitest';
import {
  isAutologousOnly,
  isCellularTherapy,
  isNationalOrLocalProductCode,
  isProductCode,
  parseProductCode,
  productCodeDataStructure,
} from './product-code.js';

describe('product code (ST-001 §2.4.3)', () => {
  it.each(['S1295400', 'S12951A0', 'S1295r00', 'D0001100', 'T1295003', 'E0001V00', 'S1295XAb'])(
    'accepts %s',
    (code) => {
      expect(isProductCode(code)).toBe(true);
    },
  );

  it.each(['s1295400', 'S129540', 'S12954000', 'S1295-00', 'S12954Aa0', 'S12954AA'])('refuses %s', (code) => {
    expect(isProductCode(code)).toBe(false);
  });

  it('reads a scanned =< data structure or the bare code, and keeps its case', () => {
    expect(parseProductCode('=<S1295r00')).toBe('S1295r00');
    expect(parseProductCode('S12951A0')).toBe('S12951A0');
    expect(parseProductCode('=<S12951')).toBeNull();
    expect(productCodeDataStructure('S12951A0')).toBe('=<S12951A0');
  });

  it.each([
    ['S1295100', true], // 1: for autologous use only
    ['S12951Ab', true],
    ['S1295X00', true], // X: for autologous use only, biohazard
    ['D0001100', true], // local code laid out like a cellular therapy code
    ['E0001100', true],
    ['S1295A00', false], // A: autologous, eligible for crossover — not "only"
    ['S1295800', false], // 8: autologous, contains allogeneic material
    ['S1295V00', false],
    ['S1295000', false],
    ['T1295100', false], // tissue: tds is a division code, not a collection type
    ['N0001100', false],
  ])('%s is for autologous use only: %s', (code, expected) => {
    expect(isAutologousOnly(code)).toBe(expected);
  });

  it('tells cellular therapy and national or local codes apart', () => {
    expect(isCellularTherapy('S1295100')).toBe(true);
    expect(isCellularTherapy('D0001100')).toBe(false);
    expect(isNationalOrLocalProductCode('D0001100')).toBe(true);
    expect(isNationalOrLocalProductCode('S1295100')).toBe(false);
  });

  it('throws a clear error when asked about something that is not a product code', () => {
    expect(() => isAutologousOnly('S12951')).toThrow(/not a product code/);
  });
});
