import type { ProductStatus } from '../bedside/verify.js';

/**
 * The chain of custody: the hand-offs a product passes, in order. Each is a scan (who, where,
 * when); a scan out of order is refused, so the record always tells the true path.
 */
export const HAND_OFFS = [
  'collected',
  'lab_receipt',
  'processing_start',
  'processing_end',
  'released',
  'transport',
  'bedside_verified',
  'administered',
  'received',
  'issued',
  'quarantined',
  'discarded',
] as const;
export type HandOff = (typeof HAND_OFFS)[number];

const AFTER: Record<HandOff, readonly (HandOff | null)[]> = {
  collected: [null],
  received: [null], // a donor product enters the chain at receipt
  lab_receipt: ['collected'],
  processing_start: ['lab_receipt'],
  processing_end: ['processing_start'],
  released: ['processing_end'],
  issued: ['received'],
  transport: ['released', 'issued'],
  bedside_verified: ['released', 'issued', 'transport', 'bedside_verified'],
  administered: ['bedside_verified'],
  quarantined: [
    'collected',
    'lab_receipt',
    'processing_start',
    'processing_end',
    'released',
    'received',
    'issued',
    'transport',
  ],
  discarded: [
    'collected',
    'lab_receipt',
    'processing_start',
    'processing_end',
    'released',
    'received',
    'issued',
    'transport',
    'quarantined',
  ],
};

/** Whether `next` may follow the product's latest hand-off (null: the product has none yet). */
export function mayFollow(last: HandOff | null, next: HandOff): boolean {
  return AFTER[next].includes(last);
}

const STATUS_OF: Partial<Record<HandOff, ProductStatus>> = {
  collected: 'collected',
  lab_receipt: 'collected',
  processing_start: 'in_processing',
  processing_end: 'in_processing',
  released: 'released',
  received: 'received',
  issued: 'issued',
  administered: 'administered',
  quarantined: 'quarantined',
  discarded: 'discarded',
};

/**
 * The product's status after its hand-offs in order. Transport and the bedside check move the
 * product without changing what it is (released, or issued for a donor product).
 */
export function statusOf(history: readonly HandOff[]): ProductStatus | null {
  let status: ProductStatus | null = null;
  for (const handOff of history) status = STATUS_OF[handOff] ?? status;
  return status;
}
