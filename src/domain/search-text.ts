/**
 * Normalises names for search so that people find a patient however the name was typed.
 * Arabic: diacritics (tashkeel), tatweel, and the different written forms of alef, hamza,
 * ta marbuta and alef maqsura are folded to one form, as Arabic search engines do.
 * Latin: case and accents are folded (José = jose).
 */
const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

const ARABIC_FOLDS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ئ: 'ي',
  ؤ: 'و',
  ة: 'ه',
  ء: '',
};

const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

export function toWesternDigits(text: string): string {
  return text.replace(ARABIC_INDIC_DIGITS, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export function normalizeForSearch(text: string): string {
  const folded = toWesternDigits(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // Latin accents
    .replace(ARABIC_DIACRITICS, '')
    .replace(/[أإآٱىئؤةء]/g, (c) => ARABIC_FOLDS[c] ?? c)
    .normalize('NFC')
    .toLowerCase();
  return folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Digits only, Arabic-Indic digits converted, so "+966 (50) 123-4567" matches "0501234567" by suffix. */
export function phoneDigits(phone: string): string {
  return toWesternDigits(phone).replace(/\D/g, '');
}
