import { z } from 'zod';
import { instantOf, localDate, localTime } from './clinic-time.js';
import type { PlannedTask } from './preparation/plan.js';
import type { Language } from './roles.js';

const Templates = z.strictObject({
  taskSubject: z.string(),
  taskBody: z.string(),
  appointmentSubject: z.string(),
  appointmentBody: z.string(),
});
export const MessageTemplates = z.strictObject({ en: Templates, ar: Templates });
export type MessageTemplates = z.infer<typeof MessageTemplates>;

export interface Reminder {
  key: string;
  kind: 'preparation_task' | 'appointment';
  dueAt: Date;
  subject: string;
  body: string;
}

export interface ReminderInput {
  sessionId: string;
  startsAt: Date;
  timeZone: string;
  clinicName: string;
  patientName: string;
  language: Language;
  tasks: readonly PlannedTask[];
  templates: MessageTemplates;
  now: Date;
}

/** A reminder for a day's task goes out at 08:00 that morning, clinic time. */
const MORNING = '08:00';
/** A timed task (fasting) is announced the evening before: 12 hours ahead. */
const TIMED_LEAD_MS = 12 * 3_600_000;
const APPOINTMENT_LEAD_MS = 24 * 3_600_000;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * The messages a booked session sends the patient: one per task that the patient does, and one
 * the day before the appointment. Reminders already due in the past are not sent.
 */
export function planReminders(input: ReminderInput): Reminder[] {
  const t = input.templates[input.language];
  const base = {
    clinic: input.clinicName,
    name: input.patientName,
    sessionDate: localDate(input.startsAt, input.timeZone),
    sessionTime: localTime(input.startsAt, input.timeZone),
  };
  const reminders: Reminder[] = input.tasks
    .filter((task) => task.owner === 'patient')
    .map((task) => {
      const dueAt =
        task.due.kind === 'date'
          ? instantOf(task.due.date, MORNING, input.timeZone)
          : new Date(task.due.at.getTime() - TIMED_LEAD_MS);
      const due =
        task.due.kind === 'date'
          ? task.due.date
          : `${localDate(task.due.at, input.timeZone)} ${localTime(task.due.at, input.timeZone)}`;
      const values = {
        ...base,
        title: task.title[input.language],
        instructions: task.instructions[input.language],
        purpose: task.purpose[input.language],
        due,
      };
      return {
        key: `prep:${input.sessionId}:${task.code}`,
        kind: 'preparation_task' as const,
        dueAt,
        subject: fill(t.taskSubject, values),
        body: fill(t.taskBody, values),
      };
    });
  reminders.push({
    key: `appointment:${input.sessionId}`,
    kind: 'appointment',
    dueAt: new Date(input.startsAt.getTime() - APPOINTMENT_LEAD_MS),
    subject: fill(t.appointmentSubject, base),
    body: fill(t.appointmentBody, base),
  });
  return reminders
    .filter((r) => r.dueAt.getTime() > input.now.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
