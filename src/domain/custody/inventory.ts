import type { ProductStatus } from '../bedside/verify.js';

export interface StockItem {
  din: string;
  status: ProductStatus | null;
  useBy: Date;
}

/**
 * Donor products leave the store first-expiry-first-out: of those received, not quarantined and
 * still in date, the one that expires soonest. Expired and quarantined products are never issued.
 */
export function pickFirstExpiry<T extends StockItem>(stock: readonly T[], now: Date): T | null {
  const usable = stock.filter((item) => item.status === 'received' && item.useBy.getTime() > now.getTime());
  usable.sort((a, b) => a.useBy.getTime() - b.useBy.getTime() || a.din.localeCompare(b.din));
  return usable[0] ?? null;
}

/** Why a given donor product may not be issued, or null when it may. */
export function issueRefusal(item: StockItem, now: Date): string | null {
  if (item.useBy.getTime() <= now.getTime()) return `Product ${item.din} has expired.`;
  if (item.status === 'quarantined') return `Product ${item.din} is in quarantine.`;
  if (item.status === 'issued' || item.status === 'administered')
    return `Product ${item.din} was issued already.`;
  if (item.status !== 'received') return `Product ${item.din} is ${item.status ?? 'unknown'}.`;
  return null;
}
