import { z } from 'zod';
import { MEDICATION_CLASSES } from '../protocol/schema.js';

const IsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/**
 * The medical-history form (intake). Each answer is structured so that screening rules can act
 * on it; free text is kept for what a physician reads but no rule decides on.
 */
export const Intake = z.strictObject({
  otherConditions: z.string().trim().max(2000).default(''),
  medications: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1, { message: 'is required' }).max(100),
        class: z.enum(MEDICATION_CLASSES),
        dose: z.string().trim().max(100).default(''),
      }),
    )
    .max(50),
  allergyLocalAnesthetic: z.boolean(),
  otherAllergies: z.string().trim().max(500).default(''),
  smoking: z.enum(['never', 'former', 'current']),
  alcohol: z.enum(['none', 'occasional', 'regular']),
  pregnant: z.boolean(),
  breastfeeding: z.boolean(),
  activeInfection: z.boolean(),
  recentFever: z.boolean(),
  cancer: z.enum(['none', 'past', 'active', 'blood_or_bone']),
  bleedingDisorder: z.boolean(),
  haemodynamicInstability: z.boolean(),
  diabetes: z.enum(['none', 'controlled', 'uncontrolled']),
  rheumaticDisease: z.boolean(),
  lastSteroidInjectionDate: IsoDate.nullable().default(null),
  lastSystemicSteroidDate: IsoDate.nullable().default(null),
  priorInjections: z.string().trim().max(2000).default(''),
  /** Latest results when known; null when not measured. */
  haemoglobinGdl: z.number().min(1).max(25).nullable().default(null),
  plateletsPerUl: z.number().int().min(1_000).max(2_000_000).nullable().default(null),
});
export type Intake = z.infer<typeof Intake>;
export type IntakeInput = z.input<typeof Intake>;

/** A history with nothing to report: where a new intake form starts, one answer changed at a time. */
export const NOTHING_TO_REPORT: IntakeInput = {
  medications: [],
  allergyLocalAnesthetic: false,
  smoking: 'never',
  alcohol: 'none',
  pregnant: false,
  breastfeeding: false,
  activeInfection: false,
  recentFever: false,
  cancer: 'none',
  bleedingDisorder: false,
  haemodynamicInstability: false,
  diabetes: 'none',
  rheumaticDisease: false,
};
