import { describe, expect, it } from 'vitest';
import { instantOf } from './clinic-time.js';
import type { PlannedTask } from './preparation/plan.js';
import { type MessageTemplates, planReminders } from './reminders.js';

const t = (s: string) => ({ en: s, ar: `ع ${s}` });
const templates: MessageTemplates = {
  en: {
    taskSubject: '{{clinic}}: {{title}}',
    taskBody: '{{name}} {{due}} {{instructions}}',
    appointmentSubject: 'Session {{sessionTime}}',
    appointmentBody: '{{sessionDate}}',
  },
  ar: {
    taskSubject: '{{title}} — {{clinic}}',
    taskBody: '{{name}}',
    appointmentSubject: 'جلسة {{sessionTime}}',
    appointmentBody: '{{sessionDate}}',
  },
};
const tz = 'Asia/Riyadh';
const startsAt = instantOf('2026-12-16', '09:00', tz);
const task = (code: string, owner: PlannedTask['owner'], due: PlannedTask['due']): PlannedTask => ({
  code,
  owner,
  title: t(code),
  purpose: t('why'),
  instructions: t('how'),
  requiresUpload: false,
  due,
  until: null,
});
const tasks = [
  task('stop_nsaids', 'patient', { kind: 'date', date: '2026-12-09' }),
  task('anticoagulant_decision', 'prescriber', { kind: 'date', date: '2026-12-06' }),
  task('fast_solid_food', 'patient', { kind: 'instant', at: new Date('2026-12-16T00:00:00Z') }),
];
const input = {
  sessionId: 's1',
  startsAt,
  timeZone: tz,
  clinicName: 'Demo',
  patientName: 'Mariam',
  language: 'en' as const,
  tasks,
  templates,
  now: new Date('2026-11-25T00:00:00Z'),
};

describe('reminders for a booked session', () => {
  it('reminds the patient of their own tasks at 08:00 clinic time, fasting the evening before, and the appointment a day ahead', () => {
    const reminders = planReminders(input);
    expect(reminders.map((r) => [r.key, r.dueAt.toISOString()])).toEqual(
      [
        ['prep:s1:stop_nsaids', '2026-12-09T05:00:00.000Z'],
        ['prep:s1:fast_solid_food', '2026-12-15T12:00:00.000Z'],
        ['appointment:s1', '2026-12-15T06:00:00.000Z'],
      ].sort((a, b) => (a[1] ?? '').localeCompare(b[1] ?? '')),
    );
    expect(reminders.find((r) => r.key === 'prep:s1:stop_nsaids')?.subject).toBe('Demo: stop_nsaids');
  });

  it('writes in the patient language', () => {
    const reminders = planReminders({ ...input, language: 'ar' });
    expect(reminders.find((r) => r.kind === 'appointment')?.subject).toBe('جلسة 09:00');
    expect(reminders.find((r) => r.key.endsWith('stop_nsaids'))?.subject).toBe('ع stop_nsaids — Demo');
  });

  it('sends nothing already past due', () => {
    const late = planReminders({ ...input, now: new Date('2026-12-15T07:00:00Z') });
    expect(late.map((r) => r.key)).toEqual(['prep:s1:fast_solid_food']);
  });
});
