import { TZDate } from '@date-fns/tz';

/**
 * ISBT 128 dates and times (ST-001 §2.4.5 Expiration Date and Time, data structure 005 `&>`;
 * §2.4.7 Collection Date and Time, data structure 007 `&*`): `cyyjjjhhmm` = century, year within
 * the century, ordinal day of the year, hour and minute. The code carries no time zone: it is the
 * wall clock where the product is, so the clinic's IANA zone is passed in and printed beside it.
 */
export type DateTimeKind = 'expiry' | 'collection';

const IDENTIFIER: Record<DateTimeKind, string> = { expiry: '&>', collection: '&*' };
const MS_PER_DAY = 86_400_000;

export type ParsedDateTime =
  | { ok: true; kind: DateTimeKind; instant: Date }
  | { ok: false; reason: 'malformed' | 'invalid_date'; message: string };

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The 4-digit year of `c` and `yy`. ST-001 defines c only as "the century"; c = 0 for 2000–2099
 * follows ICCBBA's own examples (e.g. `&>0183652359` is 31 December 2018, 23:59).
 */
function yearOf(century: number, yy: number): number {
  return 2000 + century * 100 + yy;
}

/** `&>` or `&*` + `cyyjjjhhmm` for an instant, read on the wall clock of `timeZone`. */
export function encodeDateTime(kind: DateTimeKind, instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new Error('Cannot encode an invalid date');
  const local = new TZDate(instant.getTime(), timeZone);
  const year = local.getFullYear();
  if (year < 2000 || year > 2999) {
    throw new Error(`Cannot encode ${instant.toISOString()}: ISBT 128 dates cover 2000–2999`);
  }
  const ordinal = (Date.UTC(year, local.getMonth(), local.getDate()) - Date.UTC(year, 0, 1)) / MS_PER_DAY + 1;
  const century = Math.floor((year - 2000) / 100);
  const body = `${century}${pad(year % 100, 2)}${pad(ordinal, 3)}${pad(local.getHours(), 2)}${pad(local.getMinutes(), 2)}`;
  return `${IDENTIFIER[kind]}${body}`;
}

function kindOf(identifier: string): DateTimeKind | null {
  if (identifier === IDENTIFIER.expiry) return 'expiry';
  if (identifier === IDENTIFIER.collection) return 'collection';
  return null;
}

/**
 * Reads `&>cyyjjjhhmm` or `&*cyyjjjhhmm` as the wall clock of `timeZone`. In the hour a
 * daylight-saving change repeats, the wall clock names two instants; TZDate picks one of them.
 */
export function parseDateTime(text: string, timeZone: string): ParsedDateTime {
  const kind = kindOf(text.slice(0, 2));
  const body = text.slice(2);
  if (!kind || !/^[0-9]{10}$/.test(body)) {
    return {
      ok: false,
      reason: 'malformed',
      message:
        'This is not an ISBT 128 date and time: expected &> (expiry) or &* (collection) and 10 digits.',
    };
  }
  const year = yearOf(Number(body[0]), Number(body.slice(1, 3)));
  const ordinal = Number(body.slice(3, 6));
  const hour = Number(body.slice(6, 8));
  const minute = Number(body.slice(8, 10));
  if (ordinal < 1 || ordinal > (isLeapYear(year) ? 366 : 365) || hour > 23 || minute > 59) {
    return {
      ok: false,
      reason: 'invalid_date',
      message: `Day ${ordinal} at ${pad(hour, 2)}:${pad(minute, 2)} does not exist in ${year}: the code is damaged or mistyped.`,
    };
  }
  // Day `ordinal` of January rolls over into the right month (Date arithmetic).
  const local = new TZDate(year, 0, ordinal, hour, minute, timeZone);
  return { ok: true, kind, instant: new Date(local.getTime()) };
}
