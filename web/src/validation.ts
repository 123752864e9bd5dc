import {
  ARABIC_NAME,
  birthDateProblem,
  LATIN_NAME,
  missingNameField,
  type NameFields,
  phoneProblem as phoneRule,
} from '../../src/domain/patient-rules.js';
import { todayIso } from './format';

// The registration rules are the server's own (src/domain/patient-rules.ts); this file only
// adapts them to the form's empty strings and message keys.

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type NameProblem = { field: keyof NameFields; key: 'fullName' | 'latinScript' | 'arabicScript' };

/** The first name field to fix, and why: wrong script, or no full name in either script. */
export function nameProblem(v: Required<{ [K in keyof NameFields]: string }>): NameProblem | null {
  for (const field of ['givenName', 'familyName'] as const) {
    if (v[field].trim() && !LATIN_NAME.test(v[field].trim())) return { field, key: 'latinScript' };
  }
  for (const field of ['givenNameAr', 'familyNameAr'] as const) {
    if (v[field].trim() && !ARABIC_NAME.test(v[field].trim())) return { field, key: 'arabicScript' };
  }
  const missing = missingNameField(v);
  return missing ? { field: missing, key: 'fullName' } : null;
}

export type DateProblem = 'required' | 'invalid' | 'future' | 'tooOld';

export function dateOfBirthProblem(value: string, timeZone?: string): DateProblem | null {
  if (!value.trim()) return 'required';
  const problem = birthDateProblem(value.trim(), todayIso(timeZone));
  return problem === 'too_old' ? 'tooOld' : problem;
}

export function emailProblem(value: string): 'invalid' | null {
  if (!value.trim()) return null;
  return EMAIL_PATTERN.test(value.trim()) ? null : 'invalid';
}

export function phoneProblem(value: string): 'invalid' | null {
  if (!value.trim()) return null;
  return phoneRule(value) ? 'invalid' : null;
}
