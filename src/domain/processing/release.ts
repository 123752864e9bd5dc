import type { ReleaseCriteria } from '../protocol/schema.js';

/**
 * Whether a processed product may be released for injection. The criteria are the protocol's;
 * a product that fails any of them cannot be released, and the release itself is signed by a
 * second person, not the one who processed it (two-person rule).
 */
export type { ReleaseCriteria };

export interface ProcessingResult {
  viabilityPercent: number;
  totalNucleatedCells: number | null;
  sterilitySampleTaken: boolean;
  harvestEndedAt: Date;
  processedBy: string;
}

export type ReleaseFailure =
  | 'viability_too_low'
  | 'too_long_since_harvest'
  | 'no_sterility_sample'
  | 'too_few_cells'
  | 'same_person';

export type ReleaseVerdict =
  | { ok: true }
  | { ok: false; failures: Array<{ code: ReleaseFailure; message: string }> };

export function checkRelease(
  result: ProcessingResult,
  criteria: ReleaseCriteria,
  release: { by: string; at: Date },
): ReleaseVerdict {
  const failures: Array<{ code: ReleaseFailure; message: string }> = [];
  if (result.viabilityPercent < criteria.minViabilityPercent) {
    failures.push({
      code: 'viability_too_low',
      message: `Viability ${result.viabilityPercent} % is below the protocol's ${criteria.minViabilityPercent} %.`,
    });
  }
  const minutes = (release.at.getTime() - result.harvestEndedAt.getTime()) / 60_000;
  if (minutes > criteria.maxMinutesFromHarvest) {
    failures.push({
      code: 'too_long_since_harvest',
      message: `${Math.round(minutes)} minutes since harvest; the protocol allows ${criteria.maxMinutesFromHarvest}.`,
    });
  }
  if (criteria.sterilitySampleRequired && !result.sterilitySampleTaken) {
    failures.push({ code: 'no_sterility_sample', message: 'No sterility sample was taken.' });
  }
  const floor = criteria.minTotalNucleatedCells;
  if (floor !== undefined && (result.totalNucleatedCells ?? 0) < floor) {
    failures.push({
      code: 'too_few_cells',
      message: `Fewer cells than the protocol's minimum dose (${floor}).`,
    });
  }
  if (release.by === result.processedBy) {
    failures.push({
      code: 'same_person',
      message: 'A second person, not the one who processed it, releases the product.',
    });
  }
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}
