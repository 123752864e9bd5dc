import { describe, expect, it } from 'vitest';
import { mayFollow, statusOf } from './chain.js';

describe('the chain of custody', () => {
  it('follows collection → lab → processing → release → transport → bedside → administration', () => {
    const path = [
      'collected',
      'lab_receipt',
      'processing_start',
      'processing_end',
      'released',
      'transport',
      'bedside_verified',
      'administered',
    ] as const;
    let last: (typeof path)[number] | null = null;
    for (const step of path) {
      expect(mayFollow(last, step), step).toBe(true);
      last = step;
    }
    expect(statusOf(path)).toBe('administered');
  });

  it.each([
    [null, 'lab_receipt'],
    ['collected', 'processing_start'],
    ['processing_start', 'released'],
    ['collected', 'administered'],
    ['administered', 'bedside_verified'],
    ['discarded', 'transport'],
  ] as const)('refuses %s → %s', (last, next) => {
    expect(mayFollow(last, next)).toBe(false);
  });

  it('keeps a donor product issued through transport and the bedside check', () => {
    expect(statusOf(['received', 'issued', 'transport', 'bedside_verified'])).toBe('issued');
    expect(
      statusOf(['collected', 'lab_receipt', 'processing_start', 'processing_end', 'released', 'transport']),
    ).toBe('released');
    expect(statusOf([])).toBeNull();
  });
});
