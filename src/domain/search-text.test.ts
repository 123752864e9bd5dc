import { describe, expect, it } from 'vitest';
import { normalizeForSearch, phoneDigits, toWesternDigits } from './search-text.js';

describe('normalizeForSearch', () => {
  it.each([
    ['أحمد', 'احمد'],
    ['إبراهيم', 'ابراهيم'],
    ['آمنة', 'امنه'],
    ['فاطمة', 'فاطمه'],
    ['مُحَمَّد', 'محمد'],
    ['مصطفى', 'مصطفي'],
    ['هانئ', 'هاني'],
    ['مؤمن', 'مومن'],
    ['عـــلي', 'علي'],
    ['José Müller', 'jose muller'],
    ["O'Brien-Smith", 'o brien smith'],
  ])('folds %s to %s', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('matches a name typed without hamza or diacritics against the stored form', () => {
    const stored = normalizeForSearch('أَحْمَد الرّاشد');
    expect(stored.includes(normalizeForSearch('احمد'))).toBe(true);
    expect(stored.includes(normalizeForSearch('الراشد'))).toBe(true);
  });

  it('strips characters that could act as SQL LIKE wildcards', () => {
    expect(normalizeForSearch("%_'; DROP TABLE patient; --")).toBe('drop table patient');
  });
});

describe('phone digits', () => {
  it('converts Arabic-Indic digits and drops punctuation', () => {
    expect(toWesternDigits('٠٥٠١٢٣')).toBe('050123');
    expect(phoneDigits('+966 (50) 123-4567')).toBe('966501234567');
    expect(phoneDigits('۰۵۰')).toBe('050');
  });
});
