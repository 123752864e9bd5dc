import { describe, expect, it } from 'vitest';
import { loadDefaultProtocols, loadScreeningRules } from './content.js';

describe('shipped content', () => {
  it('validates every default protocol against the protocol schema', () => {
    const protocols = loadDefaultProtocols();
    expect(protocols.length).toBeGreaterThanOrEqual(8);
    const bookable = protocols.filter((p) => p.availability === 'bookable').map((p) => p.code);
    expect(bookable.length).toBeGreaterThanOrEqual(6);
    const trialOnly = protocols.filter((p) => p.availability === 'trial_only');
    expect(trialOnly.length).toBeGreaterThanOrEqual(2);
  });

  it('validates the screening rules', () => {
    const rules = loadScreeningRules();
    const codes = rules.rules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
