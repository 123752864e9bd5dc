import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, CALENDAR_PRODUCT_ID, type CalendarInput } from './calendar.js';

// 09:30 in Dubai (UTC+4): the instant the patient is expected, whatever zone the phone is in.
const appointmentStart = new Date('2026-05-12T05:30:00Z');

const input: CalendarInput = {
  calendarName: 'علاجي في عيادة النور',
  clinicName: 'Al Noor Regenerative Clinic',
  timeZone: 'Asia/Dubai',
  language: 'ar',
  generatedAt: new Date('2026-05-01T08:00:00Z'),
  appointment: {
    uid: 'appointment-7f3c@cellpath',
    start: appointmentStart,
    durationMinutes: 240,
    title: 'جلسة العلاج بالخلايا الجذعية — الركبة اليمنى',
    description: 'أحضر بطاقة الهوية، وقائمة أدويتك، ومرافقاً يوصلك إلى البيت؛ لا تقد السيارة بعد التخدير.',
  },
  tasks: [
    {
      uid: 'task-nsaid@cellpath',
      title: 'أوقف مضادات الالتهاب (إيبوبروفين، نابروكسين)',
      description: 'They blunt the healing response the treatment relies on.\nParacetamol is fine.',
      startsOn: '2026-05-05',
      endsOn: '2026-05-12',
    },
    {
      uid: 'task-fast@cellpath',
      title: 'ابدأ الصيام',
      description: 'Nothing to eat from now; clear water until two hours before.',
      startsAt: new Date('2026-05-11T20:00:00Z'),
    },
  ],
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  const byUid = new Map(events.map((e) => [e.uid, e]));
  return { calendar, events, byUid };
}

describe('buildCalendar', () => {
  it('builds a file that a calendar parser reads, with one event per appointment and task', () => {
    const { calendar, events, byUid } = parse(buildCalendar(input));
    expect(events.map((e) => e.uid).sort()).toEqual([
      'appointment-7f3c@cellpath',
      'task-fast@cellpath',
      'task-nsaid@cellpath',
    ]);
    expect(calendar.getFirstPropertyValue('prodid')).toBe(CALENDAR_PRODUCT_ID);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(input.calendarName);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Dubai');
    expect(byUid.get('task-nsaid@cellpath')?.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
  });

  it('starts the appointment at the given instant, in UTC, for its duration, at the clinic', () => {
    const appointment = parse(buildCalendar(input)).byUid.get('appointment-7f3c@cellpath');
    expect(appointment?.startDate.zone.tzid).toBe('UTC');
    expect(appointment?.startDate.toJSDate().toISOString()).toBe(appointmentStart.toISOString());
    expect(appointment?.endDate.toJSDate().toISOString()).toBe('2026-05-12T09:30:00.000Z');
    expect(appointment?.location).toBe('Al Noor Regenerative Clinic');
  });

  it('makes an all-day task date-only, its last day included', () => {
    const task = parse(buildCalendar(input)).byUid.get('task-nsaid@cellpath');
    expect(task?.startDate.isDate).toBe(true);
    expect(task?.startDate.toString()).toBe('2026-05-05');
    // DTEND of an all-day event is exclusive: the day after the last day of the task.
    expect(task?.endDate.toString()).toBe('2026-05-13');
  });

  it('makes a one-day task end the next day when no last day is given', () => {
    const oneDay = {
      ...input,
      tasks: [{ uid: 'd@cellpath', title: 'x', description: 'y', startsOn: '2026-12-31' }],
    };
    const task = parse(buildCalendar(oneDay)).byUid.get('d@cellpath');
    expect([task?.startDate.toString(), task?.endDate.toString()]).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('gives a timed task its instant in UTC and a short slot', () => {
    const task = parse(buildCalendar(input)).byUid.get('task-fast@cellpath');
    expect(task?.startDate.isDate).toBe(false);
    expect(task?.startDate.toJSDate().toISOString()).toBe('2026-05-11T20:00:00.000Z');
    expect(task?.endDate.toJSDate().toISOString()).toBe('2026-05-11T20:15:00.000Z');
  });

  it('keeps Arabic text, punctuation and line breaks intact, marked with the language', () => {
    const { byUid } = parse(buildCalendar(input));
    const appointment = byUid.get('appointment-7f3c@cellpath');
    expect(appointment?.summary).toBe(input.appointment.title);
    expect(appointment?.description).toBe(input.appointment.description);
    expect(byUid.get('task-nsaid@cellpath')?.summary).toBe(input.tasks[0]?.title);
    expect(byUid.get('task-nsaid@cellpath')?.description).toBe(input.tasks[0]?.description);
    expect(appointment?.component.getFirstProperty('summary')?.getParameter('language')).toBe('ar');
  });

  it('gives the same file for the same input', () => {
    expect(buildCalendar(input)).toBe(buildCalendar({ ...input }));
    expect(buildCalendar(input)).toContain('DTSTAMP:20260501T080000Z');
  });

  it.each([
    [{ startsOn: '2026-02-30' }, /YYYY-MM-DD/],
    [{ startsOn: '12/05/2026' }, /YYYY-MM-DD/],
    [{ startsOn: '2026-05-05', endsOn: '2026-05-04' }, /ends before it starts/],
    [{ startsAt: new Date('2026-05-11T20:00:00Z'), endsAt: new Date('2026-05-11T20:00:00Z') }, /ends before/],
    [{}, /either a day .* or a time/],
    [{ startsOn: '2026-05-05', startsAt: new Date('2026-05-11T20:00:00Z') }, /either a day .* or a time/],
  ])('refuses a task with %o', (when, message) => {
    const task = { uid: 'bad@cellpath', title: 'x', description: 'y', ...when };
    expect(() => buildCalendar({ ...input, tasks: [task] })).toThrow(message);
  });

  it('refuses an appointment without a positive whole duration, and an unknown time zone', () => {
    const appointment = { ...input.appointment, durationMinutes: 0 };
    expect(() => buildCalendar({ ...input, appointment })).toThrow(/whole number of minutes/);
    expect(() => buildCalendar({ ...input, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('reports a value the calendar library rejects', () => {
    const appointment = { ...input.appointment, start: new Date(Number.NaN) };
    expect(() => buildCalendar({ ...input, appointment })).toThrow(/calendar file could not be built/);
  });
});
