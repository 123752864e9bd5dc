import { parseIsoDate, todayIso } from './format';

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_ALLOWED = /^[+\d\u0660-\u0669\u06F0-\u06F9\s().-]+$/;

export type NameFields = { givenName: string; familyName: string; givenNameAr: string; familyNameAr: string };

/** Mirrors the server: a full Latin name (given + family) or a full Arabic name. Returns the field to blame. */
export function nameProblem(v: NameFields): keyof NameFields | null {
  const latin = v.givenName.trim() && v.familyName.trim();
  const arabic = v.givenNameAr.trim() && v.familyNameAr.trim();
  if (latin || arabic) return null;
  if (v.givenNameAr.trim() || v.familyNameAr.trim())
    return v.givenNameAr.trim() ? 'familyNameAr' : 'givenNameAr';
  if (v.givenName.trim()) return 'familyName';
  return 'givenName';
}

export type DateProblem = 'required' | 'invalid' | 'future' | 'tooOld';

export function dateOfBirthProblem(value: string, timeZone?: string): DateProblem | null {
  if (!value.trim()) return 'required';
  const date = parseIsoDate(value.trim());
  if (!date) return 'invalid';
  if (value.trim() > todayIso(timeZone)) return 'future';
  if (date.getUTCFullYear() < 1900) return 'tooOld';
  return null;
}

export function emailProblem(value: string): 'invalid' | null {
  if (!value.trim()) return null;
  return EMAIL_PATTERN.test(value.trim()) ? null : 'invalid';
}

export function phoneProblem(value: string): 'invalid' | null {
  const v = value.trim();
  if (!v) return null;
  if (!PHONE_ALLOWED.test(v)) return 'invalid';
  const digits = v.replace(/[^\d\u0660-\u0669\u06F0-\u06F9]/g, '').length;
  return digits >= 7 && digits <= 15 ? null : 'invalid';
}
