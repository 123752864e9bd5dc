import { describe, expect, it } from 'vitest';
import { type DischargeCriterion, unmetDischargeCriteria, vitalsOutOfRange } from './discharge.js';

const all: Record<DischargeCriterion, boolean> = {
  vitalsStable: true,
  painControlled: true,
  noActiveBleeding: true,
  walksUnaided: true,
  escortPresent: true,
  instructionsGiven: true,
};

describe('discharge', () => {
  it('lets a monitored patient go home when every criterion holds', () => {
    expect(unmetDischargeCriteria(all, 'light_sedation', 2)).toEqual([]);
  });

  it('asks for an escort after sedation, not after local anaesthesia', () => {
    expect(unmetDischargeCriteria({ ...all, escortPresent: false }, 'light_sedation', 2)).toEqual([
      'escortPresent',
    ]);
    expect(unmetDischargeCriteria({ ...all, escortPresent: false }, 'local', 2)).toEqual([]);
  });

  it('needs two sets of vital signs and names every unmet criterion', () => {
    expect(unmetDischargeCriteria({ ...all, noActiveBleeding: false }, 'local', 1)).toEqual([
      'noActiveBleeding',
      'twoVitalSigns',
    ]);
  });

  it.each([
    [{}, []],
    [{ spo2: 93 }, ['spo2']],
    [{ temperatureC: 38 }, ['temperatureC']],
    [{ temperatureC: 37.9 }, []],
    [{ painScore: 8 }, ['painScore']],
    [{ systolic: 89, heartRate: 121 }, ['systolic', 'heartRate']],
  ])('vital signs %o out of range: %o', (change, expected) => {
    expect(
      vitalsOutOfRange({
        systolic: 120,
        diastolic: 80,
        heartRate: 72,
        spo2: 98,
        temperatureC: 36.8,
        painScore: 3,
        ...change,
      }),
    ).toEqual(expected);
  });
});
