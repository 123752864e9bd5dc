import { z } from 'zod';
import { MEDICATION_CLASSES, Text } from '../protocol/schema.js';
import type { Intake } from './intake.js';

/**
 * Screening rules are data (content/screening-rules.json) so a clinic can review and change
 * them; this module evaluates them. A rule fires when all of its conditions hold.
 */
const BOOLEAN_FIELDS = [
  'allergyLocalAnesthetic',
  'pregnant',
  'breastfeeding',
  'activeInfection',
  'recentFever',
  'bleedingDisorder',
  'haemodynamicInstability',
  'rheumaticDisease',
] as const;
const CHOICE_FIELDS = ['smoking', 'alcohol', 'cancer', 'diabetes'] as const;

const Condition = z.union([
  z.strictObject({ flag: z.enum(BOOLEAN_FIELDS) }),
  z.strictObject({ field: z.enum(CHOICE_FIELDS), in: z.array(z.string()).min(1) }),
  z.strictObject({ lab: z.enum(['haemoglobinGdl', 'plateletsPerUl']), below: z.number() }),
  z.strictObject({ medicationClass: z.enum(MEDICATION_CLASSES) }),
  z.strictObject({
    daysSince: z.enum(['lastSteroidInjectionDate', 'lastSystemicSteroidDate']),
    lessThan: z.number().int().positive(),
  }),
]);
export type Condition = z.infer<typeof Condition>;

export const SEVERITIES = ['exclude', 'caution'] as const;
export type Severity = (typeof SEVERITIES)[number] | 'ok';

export const ScreeningRule = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  severity: z.enum(SEVERITIES),
  when: z.array(Condition).min(1),
  reason: Text,
  /** The source of the rule, for the physician who reviews it. */
  source: z.string().min(1),
});
export type ScreeningRule = z.infer<typeof ScreeningRule>;

export const ScreeningRules = z.strictObject({
  version: z.number().int().positive(),
  rules: z.array(ScreeningRule).min(1),
});
export type ScreeningRules = z.infer<typeof ScreeningRules>;

export interface Finding {
  code: string;
  severity: Severity;
  reason: Text;
  /** What in the intake made the rule fire, e.g. "warfarin (anticoagulant)". */
  evidence: string[];
}

const DAY_MS = 86_400_000;

function holds(condition: Condition, intake: Intake, today: string): string | null {
  if ('flag' in condition) return intake[condition.flag] ? condition.flag : null;
  if ('field' in condition) {
    const value = intake[condition.field];
    return condition.in.includes(value) ? `${condition.field}: ${value}` : null;
  }
  if ('lab' in condition) {
    const value = intake[condition.lab];
    return value !== null && value < condition.below ? `${condition.lab} ${value}` : null;
  }
  if ('medicationClass' in condition) {
    const names = intake.medications.filter((m) => m.class === condition.medicationClass).map((m) => m.name);
    return names.length > 0 ? `${names.join(', ')} (${condition.medicationClass})` : null;
  }
  const date = intake[condition.daysSince];
  if (!date) return null;
  const days = Math.floor((Date.parse(today) - Date.parse(date)) / DAY_MS);
  return days >= 0 && days < condition.lessThan ? `${condition.daysSince} ${date}` : null;
}

/**
 * Turns an intake into findings: every rule that fires, exclusions first. `today` is the
 * clinic's calendar date (YYYY-MM-DD), passed in so the result does not depend on a clock.
 */
export function screen(intake: Intake, rules: ScreeningRules, today: string): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules.rules) {
    const evidence = rule.when.map((c) => holds(c, intake, today));
    if (evidence.every((e): e is string => e !== null)) {
      findings.push({ code: rule.code, severity: rule.severity, reason: rule.reason, evidence });
    }
  }
  const order: Record<Severity, number> = { exclude: 0, caution: 1, ok: 2 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}

/** The overall result: the worst finding, or ok when none fired. */
export function overallSeverity(findings: readonly Finding[]): Severity {
  if (findings.some((f) => f.severity === 'exclude')) return 'exclude';
  if (findings.some((f) => f.severity === 'caution')) return 'caution';
  return 'ok';
}
