import type { Language } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** `YYYY-MM-DD` as a Date at UTC midnight, or null when it is not a real calendar date. */
export function parseIsoDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** Today's date as `YYYY-MM-DD` in the given time zone (the clinic's, so "future" means the clinic's tomorrow). */
export function todayIso(timeZone?: string): string {
  const parts = formatter('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/** A calendar date (no time of day, e.g. date of birth) in Gregorian, in the user's language. */
export function formatDate(value: string, lang: Language): string {
  const date = parseIsoDate(value);
  if (!date) return value;
  return formatter(lang, { ...DATE_OPTIONS, timeZone: 'UTC' }).format(date);
}

/** The same calendar date in the Umm al-Qura Hijri calendar (shown to Arabic readers). */
export function formatHijriDate(value: string): string {
  const date = parseIsoDate(value);
  if (!date) return '';
  return formatter('ar-SA-u-ca-islamic-umalqura', { ...DATE_OPTIONS, timeZone: 'UTC' }).format(date);
}

/** An instant (ISO timestamp) as date and time in the clinic's time zone. */
export function formatDateTime(value: string, lang: Language, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** The calendar date of an instant in the clinic's time zone. */
export function formatInstantDate(
  value: string,
  lang: Language,
  timeZone: string,
  style: 'long' | 'medium' = 'long',
): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = style === 'long' ? DATE_OPTIONS : { dateStyle: 'medium' };
  return formatter(lang, { ...options, timeZone }).format(date);
}

/** The Hijri (Umm al-Qura) date of an instant in the clinic's time zone. */
export function formatInstantHijri(value: string, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return formatter('ar-SA-u-ca-islamic-umalqura', { ...DATE_OPTIONS, timeZone }).format(date);
}

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(value);
}

type Named = {
  givenName: string | null;
  familyName: string | null;
  givenNameAr: string | null;
  familyNameAr: string | null;
};

export function latinName(p: Named): string | null {
  const name = [p.givenName, p.familyName].filter(Boolean).join(' ').trim();
  return name || null;
}

export function arabicName(p: Named): string | null {
  const name = [p.givenNameAr, p.familyNameAr].filter(Boolean).join(' ').trim();
  return name || null;
}

/** The name to lead with for a reader of `lang`, with the other script as a secondary line when present. */
export function displayNames(p: Named, lang: Language): { primary: string; secondary: string | null } {
  const latin = latinName(p);
  const arabic = arabicName(p);
  const [first, second] = lang === 'ar' ? [arabic, latin] : [latin, arabic];
  return { primary: first ?? second ?? '—', secondary: first ? second : null };
}

/** An instant as a full weekday, date and time in the clinic's time zone (a session start). */
export function formatLongDateTime(value: string, lang: Language, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}

/** The time of day of an instant in the clinic's time zone. */
export function formatTime(value: string, lang: Language, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, { timeStyle: 'short', timeZone }).format(date);
}

/** A calendar date with its weekday (a preparation task's day). */
export function formatDayDate(value: string, lang: Language): string {
  const date = parseIsoDate(value);
  if (!date) return value;
  return formatter(lang, { ...DATE_OPTIONS, weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** A file size in kB or MB, in the reader's digits. */
export function formatFileSize(bytes: number, lang: Language): string {
  const unit = bytes >= 1_000_000 ? 'megabyte' : 'kilobyte';
  const value = bytes >= 1_000_000 ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000));
  return new Intl.NumberFormat(lang, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
