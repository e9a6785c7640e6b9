import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FeeSchedule } from '../../../../domain/fees/fee-schedule';
import { indexSchedule } from '../../../../domain/fees/index-schedule';

const schedule2023: FeeSchedule = {
  year: 2023,
  orePerInhabitant: 300,
  floorOre: 1_000_000,
  capOre: 15_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
  example: true,
};

describe('indexSchedule', () => {
  it('indexes rate, floor and cap by 3.8 % wage growth', () => {
    // Act
    const schedule2024 = indexSchedule(schedule2023, 2024, 3.8);

    // Assert
    expect(schedule2024).toEqual({
      year: 2024,
      orePerInhabitant: 311, // 300 × 1.038 = 311.4 → 311 öre
      floorOre: 1_038_000, // 10 000 kr × 1.038 = 10 380 kr
      capOre: 15_570_000, // 150 000 kr × 1.038 = 155 700 kr
      vatPercent: 25,
      partialYearPolicy: 'pro-rata-by-month',
      indexedFrom: { year: 2023, wageGrowthPercent: 3.8 },
      example: true,
    });
  });

  it('rounds an exact half up: 250 öre and 250 kr grow by 3.8 % to 259.5 → 260', () => {
    // Arrange
    const small: FeeSchedule = {
      ...schedule2023,
      orePerInhabitant: 250,
      floorOre: 25_000,
      capOre: 24_900 * 100,
    };

    // Act
    const next = indexSchedule(small, 2024, 3.8);

    // Assert
    expect(next.orePerInhabitant).toBe(260); // 250 × 1.038 = 259.5 öre → 260
    expect(next.floorOre).toBe(26_000); // 250 kr × 1.038 = 259.5 kr → 260 kr
    expect(next.capOre).toBe(2_584_600); // 24 900 kr × 1.038 = 25 846.2 kr → 25 846 kr
  });

  it('rounds just below the half down: 249 öre grow by 3.8 % to 258.462 → 258', () => {
    // Arrange
    const small: FeeSchedule = { ...schedule2023, orePerInhabitant: 249 };

    // Act
    const next = indexSchedule(small, 2024, 3.8);

    // Assert
    expect(next.orePerInhabitant).toBe(258);
  });

  it('lowers the fee parameters when wages fall', () => {
    // Act
    const next = indexSchedule(schedule2023, 2024, -2.5);

    // Assert
    expect(next.orePerInhabitant).toBe(293); // 300 × 0.975 = 292.5 → 293 (half up)
    expect(next.floorOre).toBe(975_000); // 10 000 kr × 0.975 = 9 750 kr
    expect(next.capOre).toBe(14_625_000); // 150 000 kr × 0.975 = 146 250 kr
    expect(next.indexedFrom).toEqual({ year: 2023, wageGrowthPercent: -2.5 });
  });

  it('keeps the schedule as it was for zero growth', () => {
    // Act
    const next = indexSchedule(schedule2023, 2024, 0);

    // Assert
    expect(next).toMatchObject({ orePerInhabitant: 300, floorOre: 1_000_000, capOre: 15_000_000 });
  });

  it('carries over VAT and the partial-year policy, and adds no example flag that was not there', () => {
    // Arrange
    const { example: _, ...real } = { ...schedule2023, vatPercent: 12, partialYearPolicy: 'none' as const };

    // Act
    const next = indexSchedule(real, 2024, 3.8);

    // Assert
    expect(next.vatPercent).toBe(12);
    expect(next.partialYearPolicy).toBe('none');
    expect(next).not.toHaveProperty('example');
  });

  it('indexes an indexed schedule again from its own rounded values', () => {
    // Arrange
    const schedule2024 = indexSchedule(schedule2023, 2024, 3.8);

    // Act
    const schedule2025 = indexSchedule(schedule2024, 2025, 3.8);

    // Assert
    expect(schedule2025.orePerInhabitant).toBe(323); // 311 × 1.038 = 322.818 → 323
    expect(schedule2025.floorOre).toBe(1_077_400); // 10 380 kr × 1.038 = 10 774.44 kr → 10 774 kr
    expect(schedule2025.capOre).toBe(16_161_700); // 155 700 kr × 1.038 = 161 616.6 kr → 161 617 kr
    expect(schedule2025.indexedFrom).toEqual({ year: 2024, wageGrowthPercent: 3.8 });
  });

  it.each([2023, 2025, 2022])('refuses to index 2023 into %i: only the next year', (year) => {
    // Act
    const act = () => indexSchedule(schedule2023, year, 3.8);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each([3.805, 0.001, Number.NaN, Number.POSITIVE_INFINITY, -50.01, 100.01])(
    'refuses a wage growth of %d percent',
    (growth) => {
      // Act
      const act = () => indexSchedule(schedule2023, 2024, growth);

      // Assert
      expect(act).toThrow(RangeError);
    },
  );

  it.each([-50, 100, 0.01, 2.75])('accepts a wage growth of %d percent', (growth) => {
    // Act
    const next = indexSchedule(schedule2023, 2024, growth);

    // Assert
    expect(next.indexedFrom?.wageGrowthPercent).toBe(growth);
  });

  it('never produces fractions and keeps the floor at or below the cap', () => {
    const anySchedule = fc
      .record({
        orePerInhabitant: fc.integer({ min: 0, max: 100_000 }),
        floorKronor: fc.integer({ min: 0, max: 10_000_000 }),
        spanKronor: fc.integer({ min: 0, max: 100_000_000 }),
      })
      .map(
        ({ orePerInhabitant, floorKronor, spanKronor }): FeeSchedule => ({
          ...schedule2023,
          orePerInhabitant,
          floorOre: floorKronor * 100,
          capOre: (floorKronor + spanKronor) * 100,
        }),
      );
    const anyGrowth = fc.integer({ min: -5_000, max: 10_000 }).map((hundredths) => hundredths / 100);

    fc.assert(
      fc.property(anySchedule, anyGrowth, (previous, growth) => {
        // Act
        const next = indexSchedule(previous, previous.year + 1, growth);

        // Assert
        expect(Number.isInteger(next.orePerInhabitant)).toBe(true);
        expect(Number.isInteger(next.floorOre)).toBe(true);
        expect(next.floorOre % 100).toBe(0);
        expect(next.capOre % 100).toBe(0);
        expect(next.floorOre).toBeLessThanOrEqual(next.capOre);
      }),
    );
  });
});
