import { describe, expect, it } from 'vitest';
import { isConsentValid, typedNameMatches } from './consent.js';

const names = { givenName: 'Mariam', familyName: 'Al-Sayed', givenNameAr: 'مريم', familyNameAr: 'السيد' };

describe('consent', () => {
  const required = { protocolVersionId: 'v2', consentVersion: 1 };
  it.each([
    [null, false],
    [{ protocolVersionId: 'v2', consentVersion: 1, witnessed: true }, true],
    [{ protocolVersionId: 'v2', consentVersion: 1, witnessed: false }, false],
    [{ protocolVersionId: 'v1', consentVersion: 1, witnessed: true }, false],
    [{ protocolVersionId: 'v2', consentVersion: 2, witnessed: true }, false],
  ])('record %o is valid: %s', (record, valid) => {
    expect(isConsentValid(record, required)).toBe(valid);
  });

  it.each([
    ['Mariam Al-Sayed', true],
    ['mariam al sayed', true],
    ['مريم السيد', true],
    ['مَرْيَم السيّد', true],
    ['Mariam', false],
    ['Someone Else', false],
    ['', false],
  ])('typed name %s matches: %s', (typed, matches) => {
    expect(typedNameMatches(typed, names)).toBe(matches);
  });
});
