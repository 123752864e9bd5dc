import { phoneDigits } from './search-text.js';

/**
 * What makes a patient's registration valid: one set of rules that the server enforces and the
 * web form checks as the person types, so the two never disagree.
 */
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const NAME_MAX_LENGTH = 100;
/** Latin letters with their accents, spaces, apostrophes, dots and hyphens (O'Brien, Al-Sayed). */
export const LATIN_NAME = /^[\p{Script=Latin}\p{M}][\p{Script=Latin}\p{M}\s'’.-]*$/u;
/** Arabic letters (with tashkeel), spaces, and the same joiners. */
export const ARABIC_NAME = /^[\p{Script=Arabic}][\p{Script=Arabic}\p{M}\s'’.-]*$/u;

export interface NameFields {
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  givenNameAr?: string | null | undefined;
  familyNameAr?: string | null | undefined;
}

/**
 * A patient needs a full name — given and family — in Latin or in Arabic letters (or both).
 * Returns the field to point the person at, or null when the name is complete.
 */
export function missingNameField(name: NameFields): keyof NameFields | null {
  const has = (v: string | null | undefined) => Boolean(v?.trim());
  if ((has(name.givenName) && has(name.familyName)) || (has(name.givenNameAr) && has(name.familyNameAr))) {
    return null;
  }
  if (has(name.givenNameAr) || has(name.familyNameAr))
    return has(name.givenNameAr) ? 'familyNameAr' : 'givenNameAr';
  if (has(name.givenName)) return 'familyName';
  return 'givenName';
}

/** E.164 allows at most 15 digits; fewer than 6 is no reachable number anywhere. */
export const PHONE_DIGITS = { min: 6, max: 15 } as const;
const PHONE_CHARACTERS = /^\+?[\d\u0660-\u0669\u06F0-\u06F9\s().-]+$/;

export type PhoneProblem = 'characters' | 'digit_count';

export function phoneProblem(phone: string): PhoneProblem | null {
  if (!PHONE_CHARACTERS.test(phone.trim())) return 'characters';
  const digits = phoneDigits(phone).length;
  return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max ? null : 'digit_count';
}

export const EARLIEST_BIRTH_DATE = '1900-01-01';

export type BirthDateProblem = 'invalid' | 'future' | 'too_old';

/** `date` and `today` as YYYY-MM-DD; today is the clinic's calendar day, passed in (no clock here). */
export function birthDateProblem(date: string, today: string): BirthDateProblem | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return 'invalid';
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(y, m - 1, d));
  if (parsed.getUTCFullYear() !== y || parsed.getUTCMonth() !== m - 1 || parsed.getUTCDate() !== d)
    return 'invalid';
  if (date > today) return 'future';
  if (date < EARLIEST_BIRTH_DATE) return 'too_old';
  return null;
}

/** Given and family name joined, or '' when neither is known. */
export function fullName(given: string | null | undefined, family: string | null | undefined): string {
  return [given, family].filter(Boolean).join(' ');
}

/**
 * How to address a patient: the full name in the script they prefer, else in the other script
 * (a patient may be registered with only one of them).
 */
export function patientName(names: NameFields, prefer: 'en' | 'ar'): string {
  const latin = fullName(names.givenName, names.familyName);
  const arabic = fullName(names.givenNameAr, names.familyNameAr);
  return prefer === 'ar' ? arabic || latin : latin || arabic;
}
