import { describe, expect, it } from 'vitest';
import { checkRelease, type ProcessingResult, type ReleaseCriteria } from './release.js';

const harvestEndedAt = new Date('2026-12-16T07:00:00Z');
const criteria: ReleaseCriteria = {
  minViabilityPercent: 70,
  maxMinutesFromHarvest: 120,
  sterilitySampleRequired: true,
  minTotalNucleatedCells: 1e8,
  useByHoursAfterCollection: 6,
};
const result: ProcessingResult = {
  viabilityPercent: 92,
  totalNucleatedCells: 4e8,
  sterilitySampleTaken: true,
  harvestEndedAt,
  processedBy: 'lab-1',
};
const at = (minutes: number) => new Date(harvestEndedAt.getTime() + minutes * 60_000);
const codes = (r: ProcessingResult, by = 'lab-2', minutes = 60) => {
  const v = checkRelease(r, criteria, { by, at: at(minutes) });
  return v.ok ? [] : v.failures.map((f) => f.code);
};

describe('product release', () => {
  it('releases a product that meets every criterion, signed by a second person', () => {
    expect(codes(result)).toEqual([]);
  });

  it.each([
    [{ viabilityPercent: 69.9 }, ['viability_too_low']],
    [{ viabilityPercent: 70 }, []],
    [{ sterilitySampleTaken: false }, ['no_sterility_sample']],
    [{ totalNucleatedCells: 9.9e7 }, ['too_few_cells']],
    [{ totalNucleatedCells: null }, ['too_few_cells']],
  ])('%o → %o', (change, expected) => {
    expect(codes({ ...result, ...change })).toEqual(expected);
  });

  it.each([
    [120, []],
    [121, ['too_long_since_harvest']],
  ])('%i minutes after harvest → %o', (minutes, expected) => {
    expect(codes(result, 'lab-2', minutes)).toEqual(expected);
  });

  it('refuses a release by the person who processed the product', () => {
    expect(codes(result, 'lab-1')).toEqual(['same_person']);
  });
});
