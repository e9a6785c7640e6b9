import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { retentionCutoff } from '../../../../domain/privacy/personal-data';

describe('retentionCutoff', () => {
  it.each([
    ['2026-03-15', 24, '2024-03-15'],
    ['2026-01-10', 1, '2025-12-10'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-12-31', 12, '2025-12-31'],
  ])('keeps meetings from %s minus %i months on: %s', (today, months, cutoff) => {
    expect(retentionCutoff(today, months)).toBe(cutoff);
  });

  it('refuses a retention of less than a month', () => {
    expect(() => retentionCutoff('2026-03-15', 0)).toThrow(RangeError);
    expect(() => retentionCutoff('2026-03-15', 1.5)).toThrow(RangeError);
  });

  it('always lies strictly before today and no more than the months plus a few days back', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2200-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 120 }),
        (date, months) => {
          const today = date.toISOString().slice(0, 10);
          const cutoff = retentionCutoff(today, months);
          const days = (Date.parse(today) - Date.parse(cutoff)) / 86_400_000;
          expect(cutoff < today).toBe(true);
          expect(days).toBeGreaterThanOrEqual(months * 28);
          expect(days).toBeLessThanOrEqual(months * 31);
        },
      ),
    );
  });
});
