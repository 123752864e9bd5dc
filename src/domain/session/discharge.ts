import type { Anesthesia } from '../protocol/schema.js';

/**
 * Discharge after monitoring: the patient goes home only when every criterion holds. After
 * sedation an adult escort is required (no driving for 24 h); after local anaesthesia it is not.
 */
export const DISCHARGE_CRITERIA = [
  'vitalsStable',
  'painControlled',
  'noActiveBleeding',
  'walksUnaided',
  'escortPresent',
  'instructionsGiven',
] as const;
export type DischargeCriterion = (typeof DISCHARGE_CRITERIA)[number];

export interface Vitals {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  temperatureC: number;
  painScore: number;
}

export function unmetDischargeCriteria(
  answers: Record<DischargeCriterion, boolean>,
  anesthesia: Anesthesia,
  vitalsRecorded: number,
): string[] {
  const unmet: string[] = DISCHARGE_CRITERIA.filter(
    (c) => !answers[c] && !(c === 'escortPresent' && anesthesia === 'local'),
  );
  // Monitoring means more than one look: at least two sets of vital signs before going home.
  if (vitalsRecorded < 2) unmet.push('twoVitalSigns');
  return unmet;
}

/** Vital signs outside these bounds call the physician before discharge (adult ranges). */
export function vitalsOutOfRange(v: Vitals): string[] {
  const out: string[] = [];
  if (v.systolic < 90 || v.systolic > 180) out.push('systolic');
  if (v.diastolic < 50 || v.diastolic > 110) out.push('diastolic');
  if (v.heartRate < 50 || v.heartRate > 120) out.push('heartRate');
  if (v.spo2 < 94) out.push('spo2');
  if (v.temperatureC >= 38) out.push('temperatureC');
  if (v.painScore >= 8) out.push('painScore');
  return out;
}
