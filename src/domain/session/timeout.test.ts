import { describe, expect, it } from 'vitest';
import { type RecordedFacts, type TimeoutEntry, timeoutStatus } from './timeout.js';

const facts: RecordedFacts = { consentValid: true, preparationVerified: true, imagingOnFile: true };
const confirm = (item: TimeoutEntry['item'], role = 'nurse'): TimeoutEntry => ({
  item,
  outcome: 'confirmed',
  role,
  note: null,
});
const ALL_MANUAL = [
  confirm('identity_two_identifiers'),
  confirm('allergies_reviewed'),
  confirm('site_laterality_confirmed'),
];

describe('the pre-procedure time-out', () => {
  it('is complete when staff confirmed their items and the records show the rest', () => {
    expect(timeoutStatus(ALL_MANUAL, facts).complete).toBe(true);
  });

  it('stays open while any item is open', () => {
    const status = timeoutStatus(ALL_MANUAL.slice(1), facts);
    expect(status.complete).toBe(false);
    expect(status.items.identity_two_identifiers).toBe('open');
  });

  it('cannot tick a recorded fact by hand: consent must really be valid', () => {
    const status = timeoutStatus([...ALL_MANUAL, confirm('consent_valid', 'physician')], {
      ...facts,
      consentValid: false,
    });
    expect(status.items.consent_valid).toBe('open');
    expect(status.complete).toBe(false);
  });

  it('never lets a waiver stand in for a valid consent', () => {
    const waiver: TimeoutEntry = {
      item: 'consent_valid',
      outcome: 'waived',
      role: 'physician',
      note: 'Patient consented verbally in clinic',
    };
    const status = timeoutStatus([...ALL_MANUAL, waiver], { ...facts, consentValid: false });
    expect(status.items.consent_valid).toBe('open');
    expect(status.complete).toBe(false);
  });

  it.each([
    [{ role: 'physician', note: 'Imaging reviewed at the previous visit, report on paper.' }, 'waived'],
    [{ role: 'nurse', note: 'Imaging reviewed at the previous visit, report on paper.' }, 'open'],
    [{ role: 'physician', note: 'ok' }, 'open'],
    [{ role: 'physician', note: null }, 'open'],
  ])('a waiver %o leaves the item %s', (waiver, expected) => {
    const entry: TimeoutEntry = { item: 'imaging_on_file', outcome: 'waived', ...waiver };
    expect(
      timeoutStatus([...ALL_MANUAL, entry], { ...facts, imagingOnFile: false }).items.imaging_on_file,
    ).toBe(expected);
  });
});
