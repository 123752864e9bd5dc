/**
 * The pre-procedure check (time-out, WHO surgical safety checklist): nothing proceeds until
 * every item has passed, or a physician has written why it is waived.
 */
export const TIMEOUT_ITEMS = [
  'identity_two_identifiers',
  'consent_valid',
  'preparation_verified',
  'allergies_reviewed',
  'site_laterality_confirmed',
  'imaging_on_file',
] as const;
export type TimeoutItem = (typeof TIMEOUT_ITEMS)[number];

/** Items CellPath knows from its own records; staff do not tick them, they pass or are waived. */
export const RECORDED_ITEMS: readonly TimeoutItem[] = [
  'consent_valid',
  'preparation_verified',
  'imaging_on_file',
];

export interface TimeoutEntry {
  item: TimeoutItem;
  outcome: 'confirmed' | 'waived';
  role: string;
  note: string | null;
}

export interface RecordedFacts {
  consentValid: boolean;
  preparationVerified: boolean;
  imagingOnFile: boolean;
}

export type ItemStatus = 'passed' | 'waived' | 'open';

export interface TimeoutStatus {
  items: Record<TimeoutItem, ItemStatus>;
  complete: boolean;
}

const FACT_OF: Partial<Record<TimeoutItem, keyof RecordedFacts>> = {
  consent_valid: 'consentValid',
  preparation_verified: 'preparationVerified',
  imaging_on_file: 'imagingOnFile',
};

/** No session starts without a valid consent for its protocol version: consent is never waived. */
export const NOT_WAIVABLE: readonly TimeoutItem[] = ['consent_valid'];

/** A waiver counts only from a physician with a written reason (at least a few words). */
function validWaiver(entry: TimeoutEntry): boolean {
  return (
    !NOT_WAIVABLE.includes(entry.item) &&
    entry.outcome === 'waived' &&
    entry.role === 'physician' &&
    (entry.note?.trim().length ?? 0) >= 10
  );
}

export function timeoutStatus(entries: readonly TimeoutEntry[], facts: RecordedFacts): TimeoutStatus {
  const items = {} as Record<TimeoutItem, ItemStatus>;
  for (const item of TIMEOUT_ITEMS) {
    const fact = FACT_OF[item];
    const mine = entries.filter((e) => e.item === item);
    if (fact ? facts[fact] : mine.some((e) => e.outcome === 'confirmed')) items[item] = 'passed';
    else if (mine.some(validWaiver)) items[item] = 'waived';
    else items[item] = 'open';
  }
  return { items, complete: TIMEOUT_ITEMS.every((i) => items[i] !== 'open') };
}
