import { describe, expect, it } from 'vitest';
import { instantOf } from '../clinic-time.js';
import type { PlannedTask } from './plan.js';
import { buildTimeline } from './timeline.js';

const t = (s: string) => ({ en: s, ar: s });
const tz = 'Asia/Riyadh';
const start = instantOf('2026-12-16', '09:00', tz);
const tasks: PlannedTask[] = [
  {
    code: 'stop_nsaids',
    owner: 'patient',
    title: t('Stop NSAIDs'),
    purpose: t(''),
    instructions: t(''),
    requiresUpload: false,
    due: { kind: 'date', date: '2026-12-09' },
    until: null,
  },
  {
    code: 'fast',
    owner: 'patient',
    title: t('Fast'),
    purpose: t(''),
    instructions: t(''),
    requiresUpload: false,
    due: { kind: 'instant', at: new Date('2026-12-16T00:00:00Z') },
    until: null,
  },
];
const followUps = [
  { code: 'week_6', weeksAfter: 6, name: t('6 weeks'), questionnaires: [] },
  { code: 'month_12', weeksAfter: 52, name: t('12 months'), questionnaires: [] },
];

describe('the patient timeline', () => {
  it('runs from preparation through the session to the 12-month follow-up, in order', () => {
    const items = buildTimeline(
      { followUps },
      [{ id: 's1', sequence: 1, startsAt: start, tasks }],
      tz,
      '2026-11-25',
    );
    expect(items.map((i) => [i.kind, i.date])).toEqual([
      ['task', '2026-12-09'],
      ['task', '2026-12-16'],
      ['session', '2026-12-16'],
      ['follow_up', '2027-01-27'],
      ['follow_up', '2027-12-15'],
    ]);
  });

  it('leaves out what is already past', () => {
    const items = buildTimeline(
      { followUps },
      [{ id: 's1', sequence: 1, startsAt: start, tasks }],
      tz,
      '2026-12-10',
    );
    expect(items[0]?.kind).toBe('task');
    expect(items[0]?.date).toBe('2026-12-16');
  });
});
