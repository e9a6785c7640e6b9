import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type AnnualFeeTerms, annualFee } from '../../../../domain/fees/annual-fee';

/** 3 kr per inhabitant, at least 10 000 kr, at most 150 000 kr. */
const terms: AnnualFeeTerms = { orePerInhabitant: 300, floorOre: 1_000_000, capOre: 15_000_000 };

/** Schedules with whole-kronor bounds, floor ≤ cap. */
const anyTerms = fc
  .record({
    orePerInhabitant: fc.integer({ min: 0, max: 10_000 }),
    floorKronor: fc.integer({ min: 0, max: 1_000_000 }),
    spanKronor: fc.integer({ min: 0, max: 10_000_000 }),
  })
  .map(
    ({ orePerInhabitant, floorKronor, spanKronor }): AnnualFeeTerms => ({
      orePerInhabitant,
      floorOre: floorKronor * 100,
      capOre: (floorKronor + spanKronor) * 100,
    }),
  );
const anyPopulation = fc.integer({ min: 0, max: 2_000_000 });

describe('annualFee', () => {
  it('charges Dals-Ed (4 606 inhabitants) at the rate: 13 818 kr', () => {
    // Act
    const fee = annualFee(4_606, terms);

    // Assert: 4 606 × 300 öre = 1 381 800 öre = 13 818 kr, between the bounds
    expect(fee).toEqual({ feeOre: 1_381_800, basis: 'rate' });
  });

  it('holds the fee at the cap for Göteborg (596 841 inhabitants)', () => {
    // Act
    const fee = annualFee(596_841, terms);

    // Assert: 596 841 × 3 kr = 1 790 523 kr, above the cap of 150 000 kr
    expect(fee).toEqual({ feeOre: 15_000_000, basis: 'cap' });
  });

  it('raises a small member to the floor', () => {
    // Act
    const fee = annualFee(1_000, terms);

    // Assert: 1 000 × 3 kr = 3 000 kr, below the floor of 10 000 kr
    expect(fee).toEqual({ feeOre: 1_000_000, basis: 'floor' });
  });

  it('charges the floor for no inhabitants at all', () => {
    // Act
    const fee = annualFee(0, terms);

    // Assert
    expect(fee).toEqual({ feeOre: 1_000_000, basis: 'floor' });
  });

  it('rounds 11 837.42 kr down to whole kronor', () => {
    // Arrange
    const odd: AnnualFeeTerms = { orePerInhabitant: 257, floorOre: 500_000, capOre: 15_000_000 };

    // Act
    const fee = annualFee(4_606, odd);

    // Assert: 4 606 × 257 = 1 151 500 + 32 242 = 1 183 742 öre = 11 837.42 kr → 11 837 kr
    expect(fee).toEqual({ feeOre: 1_183_700, basis: 'rate' });
  });

  it('rounds 11 950.50 kr up to whole kronor', () => {
    // Arrange
    const odd: AnnualFeeTerms = { orePerInhabitant: 257, floorOre: 500_000, capOre: 15_000_000 };

    // Act
    const fee = annualFee(4_650, odd);

    // Assert: 4 650 × 257 = 1 162 500 + 32 550 = 1 195 050 öre = 11 950.50 kr → 11 951 kr
    expect(fee).toEqual({ feeOre: 1_195_100, basis: 'rate' });
  });

  it('says rate, not floor, when the rate lands exactly on the floor', () => {
    // Arrange
    const atFloor: AnnualFeeTerms = { orePerInhabitant: 300, floorOre: 900_000, capOre: 15_000_000 };

    // Act
    const fee = annualFee(3_000, atFloor);

    // Assert: 3 000 × 3 kr = 9 000 kr = the floor
    expect(fee).toEqual({ feeOre: 900_000, basis: 'rate' });
  });

  it('says rate, not cap, when the rate lands exactly on the cap', () => {
    // Act
    const fee = annualFee(50_000, terms);

    // Assert: 50 000 × 3 kr = 150 000 kr = the cap
    expect(fee).toEqual({ feeOre: 15_000_000, basis: 'rate' });
  });

  it('compares the rounded amount with the floor: 9 999.50 kr rounds to 10 000 kr, the rate', () => {
    // Arrange: 1 öre per inhabitant
    const perOre: AnnualFeeTerms = { orePerInhabitant: 1, floorOre: 1_000_000, capOre: 15_000_000 };

    // Act
    const fee = annualFee(999_950, perOre);

    // Assert: 999 950 öre → 10 000 kr, equal to the floor
    expect(fee).toEqual({ feeOre: 1_000_000, basis: 'rate' });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a population of %d', (population) => {
    // Act
    const act = () => annualFee(population, terms);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each<[string, AnnualFeeTerms]>([
    ['a floor above the cap', { orePerInhabitant: 300, floorOre: 15_000_100, capOre: 15_000_000 }],
    ['a floor of part kronor', { orePerInhabitant: 300, floorOre: 1_000_050, capOre: 15_000_000 }],
    ['a cap of part kronor', { orePerInhabitant: 300, floorOre: 1_000_000, capOre: 15_000_001 }],
    ['a negative floor', { orePerInhabitant: 300, floorOre: -100, capOre: 15_000_000 }],
    ['a rate of part öre', { orePerInhabitant: 300.5, floorOre: 1_000_000, capOre: 15_000_000 }],
    ['a negative rate', { orePerInhabitant: -1, floorOre: 1_000_000, capOre: 15_000_000 }],
  ])('refuses %s', (_, bad) => {
    // Act
    const act = () => annualFee(4_606, bad);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('keeps every fee between the floor and the cap', () => {
    fc.assert(
      fc.property(anyPopulation, anyTerms, (population, schedule) => {
        // Act
        const { feeOre } = annualFee(population, schedule);

        // Assert
        expect(feeOre).toBeGreaterThanOrEqual(schedule.floorOre);
        expect(feeOre).toBeLessThanOrEqual(schedule.capOre);
      }),
    );
  });

  it('never lowers the fee as the population grows', () => {
    fc.assert(
      fc.property(anyPopulation, anyPopulation, anyTerms, (a, b, schedule) => {
        // Arrange
        const [smaller, larger] = a <= b ? [a, b] : [b, a];

        // Act
        const small = annualFee(smaller, schedule).feeOre;
        const large = annualFee(larger, schedule).feeOre;

        // Assert
        expect(small).toBeLessThanOrEqual(large);
      }),
    );
  });

  it('always charges whole kronor', () => {
    fc.assert(
      fc.property(anyPopulation, anyTerms, (population, schedule) => {
        // Act
        const { feeOre } = annualFee(population, schedule);

        // Assert
        expect(Number.isInteger(feeOre)).toBe(true);
        expect(feeOre % 100).toBe(0);
      }),
    );
  });

  it('names the bound when it changed the amount, the rate otherwise', () => {
    fc.assert(
      fc.property(anyPopulation, anyTerms, (population, schedule) => {
        // Arrange: the exact rate amount in öre, before rounding (an integer well within the safe range)
        const exact = population * schedule.orePerInhabitant;

        // Act
        const { feeOre, basis } = annualFee(population, schedule);

        // Assert
        if (basis === 'floor') expect(exact).toBeLessThan(schedule.floorOre);
        if (basis === 'cap') expect(exact).toBeGreaterThan(schedule.capOre);
        if (basis === 'rate') expect(Math.abs(feeOre - exact)).toBeLessThanOrEqual(50);
      }),
    );
  });
});
