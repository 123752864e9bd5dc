import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Language } from './roles.js';

/**
 * The patient's calendar file (.ics): the appointment and the preparation tasks, for the
 * phone's calendar app to import. Pure: the same input always gives the same file.
 */

export interface CalendarAppointment {
  /** Stable across re-exports, so importing a newer file updates the event instead of adding one. */
  uid: string;
  start: Date;
  durationMinutes: number;
  title: string;
  description: string;
  /** Defaults to the clinic's name. */
  location?: string | undefined;
}

export interface CalendarTask {
  uid: string;
  title: string;
  description: string;
  /** An all-day task ('YYYY-MM-DD'), e.g. "stop anti-inflammatory medicines". */
  startsOn?: string | undefined;
  /** Last day of an all-day task, inclusive; a one-day task when absent. */
  endsOn?: string | undefined;
  /** A task at a time of day, e.g. "start fasting". */
  startsAt?: Date | undefined;
  /** End of a timed task; a short slot when absent. */
  endsAt?: Date | undefined;
}

export interface CalendarInput {
  calendarName: string;
  clinicName: string;
  /** The clinic's IANA time zone, offered to calendar apps for display. */
  timeZone: string;
  language: Language;
  /** When the file was made (DTSTAMP); passed in so that building it reads no clock. */
  generatedAt: Date;
  appointment: CalendarAppointment;
  tasks: CalendarTask[];
}

export const CALENDAR_PRODUCT_ID = '-//CellPath//Patient calendar//EN';

// Calendar apps need an end for a timed event (RFC 5545: DTEND after DTSTART); a quarter of an
// hour marks the moment without hiding the rest of the evening.
const TIMED_TASK_MINUTES = 15;

export function buildCalendar(input: CalendarInput): string {
  assertTimeZone(input.timeZone);
  const stamp = input.generatedAt.getTime();
  const events: EventAttributes[] = [
    appointmentEvent(input.appointment, input.clinicName),
    ...input.tasks.map(taskEvent),
  ].map((event) => ({ ...event, timestamp: stamp }));
  const { error, value } = createEvents(events, {
    productId: CALENDAR_PRODUCT_ID,
    calName: input.calendarName,
  });
  if (error || !value) {
    throw new Error(`The calendar file could not be built: ${error?.message ?? 'no output'}`, {
      cause: error,
    });
  }
  return value
    .replace('X-PUBLISHED-TTL:', `X-WR-TIMEZONE:${input.timeZone}\r\nX-PUBLISHED-TTL:`)
    .replace(/^(SUMMARY|DESCRIPTION|LOCATION):/gm, `$1;LANGUAGE=${input.language}:`);
}

function appointmentEvent(appointment: CalendarAppointment, clinicName: string): EventAttributes {
  const minutes = appointment.durationMinutes;
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new Error(`The appointment must last a whole number of minutes above zero, not ${minutes}`);
  }
  return {
    uid: appointment.uid,
    title: appointment.title,
    description: appointment.description,
    location: appointment.location ?? clinicName,
    ...utcSpan(appointment.start, new Date(appointment.start.getTime() + minutes * 60_000)),
    busyStatus: 'BUSY',
  };
}

function taskEvent(task: CalendarTask): EventAttributes {
  const base = { uid: task.uid, title: task.title, description: task.description };
  // Preparation tasks run alongside the patient's day: they must not show them as busy.
  const free = { busyStatus: 'FREE', transp: 'TRANSPARENT' } as const;
  if (task.startsOn !== undefined && task.startsAt === undefined) {
    const start = parseDay(task.startsOn, task.uid);
    const last = task.endsOn === undefined ? start : parseDay(task.endsOn, task.uid);
    if (compareDays(last, start) < 0) throw new Error(`Task ${task.uid} ends before it starts`);
    // An all-day DTEND is exclusive: the day after the last day.
    return { ...base, ...free, start, end: dayAfter(last) };
  }
  if (task.startsAt !== undefined && task.startsOn === undefined && task.endsOn === undefined) {
    const end = task.endsAt ?? new Date(task.startsAt.getTime() + TIMED_TASK_MINUTES * 60_000);
    if (end <= task.startsAt) throw new Error(`Task ${task.uid} ends before it starts`);
    return { ...base, ...free, ...utcSpan(task.startsAt, end) };
  }
  throw new Error(`Task ${task.uid} needs either a day (startsOn, endsOn) or a time (startsAt, endsAt)`);
}

function utcSpan(start: Date, end: Date) {
  return {
    start: start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
  } as const;
}

function parseDay(day: string, uid: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const [year, month, date] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(year, month - 1, date));
  if (!match || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new Error(`Task ${uid} has ${JSON.stringify(day)} where a date as YYYY-MM-DD belongs`);
  }
  return [year, month, date];
}

function dayAfter([year, month, date]: [number, number, number]): DateArray {
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

function compareDays(a: [number, number, number], b: [number, number, number]): number {
  return Date.UTC(a[0], a[1] - 1, a[2]) - Date.UTC(b[0], b[1] - 1, b[2]);
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`${JSON.stringify(timeZone)} is not a time zone name such as Asia/Dubai`);
  }
}
