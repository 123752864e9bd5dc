import { z } from 'zod';

/**
 * A protocol is data (content/protocols/*.json), never code: what a session of this treatment is,
 * how the patient prepares, what recovery looks like, and what the consent says. This schema is
 * checked when the content is loaded; every text exists in English and Arabic.
 */
export const Text = z.strictObject({ en: z.string().min(1), ar: z.string().min(1) });
export type Text = z.infer<typeof Text>;

export const CELL_SOURCES = ['autologous_bone_marrow', 'autologous_adipose', 'allogeneic'] as const;
export type CellSource = (typeof CELL_SOURCES)[number];

export const ANESTHESIA = ['local', 'light_sedation'] as const;
export type Anesthesia = (typeof ANESTHESIA)[number];

export const IMAGING_GUIDANCE = ['ultrasound', 'fluoroscopy', 'none'] as const;
export type ImagingGuidance = (typeof IMAGING_GUIDANCE)[number];

export const STEP_KINDS = ['harvest', 'processing', 'injection', 'monitoring'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const LATERALITY = ['left', 'right', 'bilateral'] as const;
export type Laterality = (typeof LATERALITY)[number];

/** Classes of medicine the intake form records and the rules act on. */
export const MEDICATION_CLASSES = [
  'nsaid',
  'aspirin',
  'anticoagulant',
  'antiplatelet',
  'corticosteroid',
  'immunosuppressant',
  'glp1_agonist',
  'other',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'must be snake_case' });

const Site = z.strictObject({
  code: Code,
  name: Text,
  /** Paired sites (knee, hip, shoulder) need a side; a spinal level or the scalp does not. */
  lateralityRequired: z.boolean(),
});

const Step = z
  .strictObject({
    kind: z.enum(STEP_KINDS),
    name: Text,
    description: Text,
    minMinutes: z.number().int().positive(),
    maxMinutes: z.number().int().positive(),
    anesthesia: z.array(z.enum(ANESTHESIA)),
  })
  .refine((s) => s.minMinutes <= s.maxMinutes, { message: 'minMinutes must not exceed maxMinutes' });

/**
 * When a preparation task applies: every listed condition must hold. With none, always.
 * `medicationClasses`: the patient takes at least one of these. `anesthesia`: the planned one.
 */
const AppliesWhen = z.strictObject({
  medicationClasses: z.array(z.enum(MEDICATION_CLASSES)).min(1).optional(),
  anesthesia: z.array(z.enum(ANESTHESIA)).min(1).optional(),
});

/**
 * When a task is due, relative to the session's start. `days`: a calendar date N days before the
 * session's date in the clinic's time zone (from that day on). `hours`: an instant N hours
 * before the start (fasting). `until_days_after`: the task lasts until N days after the session.
 */
const Timing = z.strictObject({
  unit: z.enum(['days', 'hours']),
  before: z.number().int().min(0).max(365),
  untilDaysAfter: z.number().int().min(0).max(365).optional(),
});

export const PreparationTaskTemplate = z.strictObject({
  code: Code,
  /** Who acts: the patient, the clinic's staff, or the physician who prescribes a medicine. */
  owner: z.enum(['patient', 'clinic', 'prescriber']),
  appliesWhen: AppliesWhen.optional(),
  timing: Timing,
  title: Text,
  purpose: Text,
  instructions: Text,
  /** The task is done by uploading a file (an imaging report or image). */
  requiresUpload: z.boolean().default(false),
});
export type PreparationTaskTemplate = z.infer<typeof PreparationTaskTemplate>;

const Symptom = z.strictObject({ code: Code, name: Text, usualCourse: Text });
const RedFlag = z.strictObject({
  code: Code,
  description: Text,
  action: z.enum(['urgent_care', 'contact_clinic']),
});
const FollowUp = z.strictObject({
  code: Code,
  weeksAfter: z.number().int().min(0).max(260),
  name: Text,
  questionnaires: z.array(Code),
});
const Faq = z.strictObject({ question: Text, answer: Text });

export const Consent = z.strictObject({
  /** The consent text's own version; a change of wording makes a new version to sign. */
  version: z.number().int().positive(),
  purpose: Text,
  regulatoryStatus: Text,
  procedure: Text,
  risks: z.array(Text).min(1),
  alternatives: z.array(Text).min(1),
  realisticOutcomes: Text,
  noGuarantee: Text,
  rights: Text,
});
export type Consent = z.infer<typeof Consent>;

/**
 * When a processed product may be released, and how long it may wait before injection. One
 * published cell-product release panel uses viability ≥ 70 % (PMC5993622); the time limits are
 * the clinic's programme settings.
 */
export const ReleaseCriteria = z.strictObject({
  minViabilityPercent: z.number().min(0).max(100),
  maxMinutesFromHarvest: z.number().int().positive(),
  sterilitySampleRequired: z.boolean(),
  minTotalNucleatedCells: z.number().positive().optional(),
  useByHoursAfterCollection: z.number().positive().max(72),
});
export type ReleaseCriteria = z.infer<typeof ReleaseCriteria>;

export const ProtocolContent = z
  .strictObject({
    code: Code,
    version: z.number().int().positive(),
    /** `trial_only`: neurological and cardiac indications, bookable only inside a clinical trial. */
    availability: z.enum(['bookable', 'trial_only']),
    title: Text,
    summary: Text,
    conditions: z.array(z.strictObject({ code: Code, name: Text })).min(1),
    cellSource: z.enum(CELL_SOURCES),
    harvestSites: z.array(Site),
    targetSites: z.array(Site).min(1),
    steps: z.array(Step).min(1),
    anesthesiaOptions: z.array(z.enum(ANESTHESIA)).min(1),
    imagingGuidance: z.array(z.enum(IMAGING_GUIDANCE)).min(1),
    preparationTasks: z.array(PreparationTaskTemplate).min(1),
    whatToWear: Text,
    postCare: z.array(Text).min(1),
    expectedSymptoms: z.array(Symptom).min(1),
    redFlags: z.array(RedFlag).min(1),
    /** Days after discharge on which the recovery diary asks for an entry. */
    diaryDays: z.array(z.number().int().min(0).max(60)).min(1),
    followUps: z.array(FollowUp).min(1),
    faqs: z.array(Faq).min(1),
    consent: Consent,
    /** Autologous protocols only: the gate between processing and injection. */
    releaseCriteria: ReleaseCriteria.optional(),
  })
  .superRefine((p, ctx) => {
    const harvests = p.steps.filter((s) => s.kind === 'harvest').length;
    if (p.cellSource === 'allogeneic' && (harvests > 0 || p.harvestSites.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'an allogeneic protocol has no harvest' });
    }
    if (p.cellSource !== 'allogeneic' && (harvests !== 1 || p.harvestSites.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: 'an autologous protocol has one harvest step and its sites',
      });
    }
    if (p.cellSource !== 'allogeneic' && !p.releaseCriteria) {
      ctx.addIssue({
        code: 'custom',
        path: ['releaseCriteria'],
        message: 'an autologous protocol sets its release criteria',
      });
    }
    const codes = p.preparationTasks.map((t) => t.code);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: 'custom', path: ['preparationTasks'], message: 'task codes must be unique' });
    }
  });
export type ProtocolContent = z.infer<typeof ProtocolContent>;
