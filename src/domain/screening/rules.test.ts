import { describe, expect, it } from 'vitest';
import { Intake, type IntakeInput, NOTHING_TO_REPORT } from './intake.js';
import { overallSeverity, type ScreeningRules, screen } from './rules.js';

const t = (s: string) => ({ en: s, ar: s });
const RULES: ScreeningRules = {
  version: 1,
  rules: [
    {
      code: 'active_infection',
      severity: 'exclude',
      when: [{ flag: 'activeInfection' }],
      reason: t('infection'),
      source: 's',
    },
    {
      code: 'cancer',
      severity: 'exclude',
      when: [{ field: 'cancer', in: ['active', 'blood_or_bone'] }],
      reason: t('cancer'),
      source: 's',
    },
    {
      code: 'low_platelets',
      severity: 'caution',
      when: [{ lab: 'plateletsPerUl', below: 100_000 }],
      reason: t('plt'),
      source: 's',
    },
    {
      code: 'anticoagulant',
      severity: 'caution',
      when: [{ medicationClass: 'anticoagulant' }],
      reason: t('ac'),
      source: 's',
    },
    {
      code: 'steroid_injection',
      severity: 'caution',
      when: [{ daysSince: 'lastSteroidInjectionDate', lessThan: 30 }],
      reason: t('steroid'),
      source: 's',
    },
  ],
};

const CLEAN: IntakeInput = NOTHING_TO_REPORT;
const TODAY = '2026-11-25';
const codes = (change: Partial<IntakeInput>) =>
  screen(Intake.parse({ ...CLEAN, ...change }), RULES, TODAY).map((f) => f.code);

describe('screening rules', () => {
  it('finds nothing in a clean history', () => {
    expect(codes({})).toEqual([]);
    expect(overallSeverity([])).toBe('ok');
  });

  it.each([
    [{ activeInfection: true }, ['active_infection']],
    [{ cancer: 'active' as const }, ['cancer']],
    [{ cancer: 'blood_or_bone' as const }, ['cancer']],
    [{ cancer: 'past' as const }, []],
    [{ plateletsPerUl: 99_999 }, ['low_platelets']],
    [{ plateletsPerUl: 100_000 }, []],
    [{ plateletsPerUl: null }, []],
    [{ lastSteroidInjectionDate: '2026-10-27' }, ['steroid_injection']], // 29 days
    [{ lastSteroidInjectionDate: '2026-10-26' }, []], // 30 days
    [{ lastSteroidInjectionDate: '2026-12-01' }, []], // a future date is a typing error, not a recent injection
    [{ medications: [{ name: 'Warfarin', class: 'anticoagulant' as const, dose: '' }] }, ['anticoagulant']],
  ])('%o → %o', (change, expected) => {
    expect(codes(change)).toEqual(expected);
  });

  it('lists exclusions first and names the evidence', () => {
    const findings = screen(
      Intake.parse({
        ...CLEAN,
        activeInfection: true,
        medications: [{ name: 'Apixaban', class: 'anticoagulant', dose: '' }],
      }),
      RULES,
      TODAY,
    );
    expect(findings.map((f) => f.severity)).toEqual(['exclude', 'caution']);
    expect(findings[1]?.evidence).toEqual(['Apixaban (anticoagulant)']);
    expect(overallSeverity(findings)).toBe('exclude');
  });
});
