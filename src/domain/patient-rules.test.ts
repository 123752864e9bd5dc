import { describe, expect, it } from 'vitest';
import {
  ARABIC_NAME,
  birthDateProblem,
  LATIN_NAME,
  missingNameField,
  patientName,
  phoneProblem,
} from './patient-rules.js';

describe('patient registration rules', () => {
  it.each([
    [{ givenName: 'Omar', familyName: 'Saleh' }, null],
    [{ givenNameAr: 'عمر', familyNameAr: 'صالح' }, null],
    [{ givenName: 'Omar', familyNameAr: 'صالح' }, 'givenNameAr'],
    [{ givenNameAr: 'عمر' }, 'familyNameAr'],
    [{ givenName: 'Omar' }, 'familyName'],
    [{ givenName: '  ', familyName: 'Saleh' }, 'givenName'],
    [{}, 'givenName'],
  ])('name %o → %s', (name, field) => {
    expect(missingNameField(name)).toBe(field);
  });

  it.each([
    ['José', true, false],
    ["O'Brien-Smith", true, false],
    ['مُحَمَّد', false, true],
    ['عبد الله', false, true],
    ["Robert'); DROP TABLE", false, false],
    ['1234', false, false],
  ])('%s is Latin: %s, Arabic: %s', (name, latin, arabic) => {
    expect(LATIN_NAME.test(name)).toBe(latin);
    expect(ARABIC_NAME.test(name)).toBe(arabic);
  });

  it.each([
    ['+966 50 123 4567', null],
    ['٠٥٠١٢٣٤٥٦٧', null],
    ['12345', 'digit_count'],
    ['123456', null],
    ['1234567890123456', 'digit_count'],
    ["1' OR '1'='1", 'characters'],
  ])('phone %s → %s', (phone, problem) => {
    expect(phoneProblem(phone)).toBe(problem);
  });

  it.each([
    ['1980-02-29', null],
    ['1981-02-29', 'invalid'],
    ['1980-13-01', 'invalid'],
    ['80-01-01', 'invalid'],
    ['2026-11-25', null],
    ['2026-11-26', 'future'],
    ['1900-01-01', null],
    ['1899-12-31', 'too_old'],
  ])('birth date %s on 2026-11-25 → %s', (date, problem) => {
    expect(birthDateProblem(date, '2026-11-25')).toBe(problem);
  });
});

describe('addressing a patient', () => {
  const both = { givenName: 'Mariam', familyName: 'Al-Sayed', givenNameAr: 'مريم', familyNameAr: 'السيد' };
  it.each([
    [both, 'en', 'Mariam Al-Sayed'],
    [both, 'ar', 'مريم السيد'],
    [{ givenNameAr: 'مريم', familyNameAr: 'السيد' }, 'en', 'مريم السيد'],
    [{ givenName: 'Claire', familyName: 'Dubois' }, 'ar', 'Claire Dubois'],
    [{}, 'en', ''],
  ] as const)('%o in %s → %s', (names, prefer, expected) => {
    expect(patientName(names, prefer)).toBe(expected);
  });
});
