import { describe, expect, it } from 'vitest';
import { instantOf } from '../clinic-time.js';
import type { PreparationTaskTemplate } from '../protocol/schema.js';
import { planPreparation } from './plan.js';

const t = (text: string) => ({ en: text, ar: text });
function task(code: string, rest: Partial<PreparationTaskTemplate>): PreparationTaskTemplate {
  return {
    code,
    owner: 'patient',
    timing: { unit: 'days', before: 1 },
    title: t(code),
    purpose: t('why'),
    instructions: t('how'),
    requiresUpload: false,
    ...rest,
  };
}

const TASKS: PreparationTaskTemplate[] = [
  task('stop_nsaids', {
    appliesWhen: { medicationClasses: ['nsaid'] },
    timing: { unit: 'days', before: 7, untilDaysAfter: 14 },
  }),
  task('anticoagulant_decision', {
    owner: 'prescriber',
    appliesWhen: { medicationClasses: ['anticoagulant', 'antiplatelet'] },
    timing: { unit: 'days', before: 10 },
  }),
  task('fast_solid_food', {
    appliesWhen: { anesthesia: ['light_sedation'] },
    timing: { unit: 'hours', before: 6 },
  }),
  task('fast_clear_liquids', {
    appliesWhen: { anesthesia: ['light_sedation'] },
    timing: { unit: 'hours', before: 2 },
  }),
  task('hydrate', { timing: { unit: 'days', before: 2 } }),
];

const RIYADH = 'Asia/Riyadh';
const start = instantOf('2026-12-16', '09:00', RIYADH); // 06:00 UTC

describe('the personal preparation plan', () => {
  it('dates the NSAID stop 7 days before and keeps it until 14 days after', () => {
    const plan = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'local',
      medicationClasses: ['nsaid'],
    });
    const nsaid = plan.find((p) => p.code === 'stop_nsaids');
    expect(nsaid?.due).toEqual({ kind: 'date', date: '2026-12-09' });
    expect(nsaid?.until).toBe('2026-12-30');
  });

  it('leaves the anticoagulant to the prescriber, 10 days ahead', () => {
    const plan = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'local',
      medicationClasses: ['anticoagulant'],
    });
    expect(plan.find((p) => p.code === 'anticoagulant_decision')).toMatchObject({
      owner: 'prescriber',
      due: { kind: 'date', date: '2026-12-06' },
    });
  });

  it('sets fasting windows only when sedation is planned, as exact times before the start', () => {
    const sedated = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'light_sedation',
      medicationClasses: [],
    });
    expect(sedated.find((p) => p.code === 'fast_solid_food')?.due).toEqual({
      kind: 'instant',
      at: new Date('2026-12-16T00:00:00Z'),
    });
    expect(sedated.find((p) => p.code === 'fast_clear_liquids')?.due).toEqual({
      kind: 'instant',
      at: new Date('2026-12-16T04:00:00Z'),
    });
    const local = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'local',
      medicationClasses: [],
    });
    expect(local.map((p) => p.code)).toEqual(['hydrate']);
  });

  it('omits medication tasks for a patient who takes none of those medicines', () => {
    const plan = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'local',
      medicationClasses: ['other'],
    });
    expect(plan.map((p) => p.code)).toEqual(['hydrate']);
  });

  it('orders tasks by when they are due', () => {
    const plan = planPreparation({
      tasks: TASKS,
      sessionStart: start,
      timeZone: RIYADH,
      anesthesia: 'light_sedation',
      medicationClasses: ['nsaid', 'antiplatelet'],
    });
    expect(plan.map((p) => p.code)).toEqual([
      'anticoagulant_decision',
      'stop_nsaids',
      'hydrate',
      'fast_solid_food',
      'fast_clear_liquids',
    ]);
  });

  it('counts days in the clinic time zone, not in UTC', () => {
    // 01:00 in Riyadh on the 16th is still the 15th in UTC.
    const early = instantOf('2026-12-16', '01:00', RIYADH);
    const plan = planPreparation({
      tasks: TASKS,
      sessionStart: early,
      timeZone: RIYADH,
      anesthesia: 'local',
      medicationClasses: ['nsaid'],
    });
    expect(plan.find((p) => p.code === 'stop_nsaids')?.due).toEqual({ kind: 'date', date: '2026-12-09' });
  });
});
