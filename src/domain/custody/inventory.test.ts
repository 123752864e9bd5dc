import { describe, expect, it } from 'vitest';
import { issueRefusal, pickFirstExpiry, type StockItem } from './inventory.js';

const now = new Date('2026-12-16T08:00:00Z');
const item = (din: string, status: StockItem['status'], useBy: string): StockItem => ({
  din,
  status,
  useBy: new Date(useBy),
});

describe('donor inventory', () => {
  const stock = [
    item('A', 'received', '2027-03-01T00:00:00Z'),
    item('B', 'received', '2027-01-15T00:00:00Z'),
    item('C', 'quarantined', '2026-12-20T00:00:00Z'),
    item('D', 'received', '2026-12-16T07:59:00Z'),
    item('E', 'issued', '2026-12-31T00:00:00Z'),
  ];

  it('issues the in-date product that expires first', () => {
    expect(pickFirstExpiry(stock, now)?.din).toBe('B');
  });

  it('issues nothing when nothing is usable', () => {
    expect(
      pickFirstExpiry(
        stock.filter((s) => s.din !== 'A' && s.din !== 'B'),
        now,
      ),
    ).toBeNull();
  });

  it.each([
    ['C', 'quarantine'],
    ['D', 'expired'],
    ['E', 'issued already'],
  ])('refuses %s (%s)', (din, words) => {
    expect(issueRefusal(stock.find((s) => s.din === din) as StockItem, now)).toContain(words);
  });

  it('allows a received, in-date product', () => {
    expect(issueRefusal(stock[0] as StockItem, now)).toBeNull();
  });
});
