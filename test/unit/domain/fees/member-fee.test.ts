import { describe, expect, it } from '@jest/globals';
import type { PartialYearPolicy } from '../../../../domain/fees/fee-schedule';
import { type MemberFeeTerms, memberFee } from '../../../../domain/fees/member-fee';

/** 3 kr per inhabitant, at least 10 000 kr, at most 150 000 kr. */
const termsWith = (partialYearPolicy: PartialYearPolicy): MemberFeeTerms => ({
  orePerInhabitant: 300,
  floorOre: 1_000_000,
  capOre: 15_000_000,
  partialYearPolicy,
});

const policies: PartialYearPolicy[] = ['full-year', 'pro-rata-by-month', 'none'];

describe('memberFee', () => {
  it.each(policies)('charges nothing for 0 months under %s', (policy) => {
    // Act
    const fee = memberFee(4_606, termsWith(policy), 0);

    // Assert
    expect(fee).toBeUndefined();
  });

  it.each(policies)('charges the annual fee for 12 months under %s', (policy) => {
    // Act
    const fee = memberFee(4_606, termsWith(policy), 12);

    // Assert: 4 606 × 3 kr = 13 818 kr
    expect(fee).toEqual({ feeOre: 1_381_800, basis: 'rate' });
  });

  it('charges a mid-year joiner the whole annual fee under full-year', () => {
    // Act
    const fee = memberFee(9_441, termsWith('full-year'), 6);

    // Assert: 9 441 × 3 kr = 28 323 kr, no months on the line
    expect(fee).toEqual({ feeOre: 2_832_300, basis: 'rate' });
  });

  it('charges a mid-year joiner nothing under none', () => {
    // Act
    const fee = memberFee(9_441, termsWith('none'), 6);

    // Assert
    expect(fee).toBeUndefined();
  });

  it('charges a member that joined on 1 July (like Herrljunga) half the fee, rounded half up', () => {
    // Act
    const fee = memberFee(9_441, termsWith('pro-rata-by-month'), 6);

    // Assert: 9 441 × 3 kr = 28 323 kr; × 6/12 = 14 161.50 kr → 14 162 kr
    expect(fee).toEqual({ feeOre: 1_416_200, basis: 'pro-rata', months: 6 });
  });

  it('scales the capped fee pro rata, not the uncapped amount', () => {
    // Act
    const fee = memberFee(596_841, termsWith('pro-rata-by-month'), 5);

    // Assert: held at the cap 150 000 kr, then × 5/12 = 62 500 kr (not 1 790 523 kr × 5/12)
    expect(fee).toEqual({ feeOre: 6_250_000, basis: 'pro-rata', months: 5 });
  });

  it('scales the floor fee pro rata, so a small part-year member pays below the floor', () => {
    // Act
    const fee = memberFee(1_000, termsWith('pro-rata-by-month'), 5);

    // Assert: floor 10 000 kr × 5/12 = 4 166.67 kr → 4 167 kr
    expect(fee).toEqual({ feeOre: 416_700, basis: 'pro-rata', months: 5 });
  });

  it.each([
    // 4 606 × 3 kr = 13 818 kr; × 1/12 = 1 151.50 kr → 1 152 kr
    [4_606, 1, 115_200],
    // 13 818 kr × 11/12 = 12 666.50 kr → 12 667 kr
    [4_606, 11, 1_266_700],
    // 9 138 × 3 kr = 27 414 kr; × 7/12 = 15 991.50 kr → 15 992 kr
    [9_138, 7, 1_599_200],
    // 6 434 × 3 kr = 19 302 kr; × 4/12 = 6 434 kr exactly
    [6_434, 4, 643_400],
  ])(
    'charges %i inhabitants for %i months %i öre, a half krona rounded up',
    (population, months, expected) => {
      // Act
      const fee = memberFee(population, termsWith('pro-rata-by-month'), months);

      // Assert
      expect(fee).toEqual({ feeOre: expected, basis: 'pro-rata', months });
    },
  );

  it('rounds a pro-rata fee below the half down', () => {
    // Act
    const fee = memberFee(9_165, termsWith('pro-rata-by-month'), 1);

    // Assert: 9 165 × 3 kr = 27 495 kr; / 12 = 2 291.25 kr → 2 291 kr
    expect(fee).toEqual({ feeOre: 229_100, basis: 'pro-rata', months: 1 });
  });

  it.each([-1, 13, 6.5, Number.NaN])('refuses %d months', (months) => {
    // Act
    const act = () => memberFee(4_606, termsWith('pro-rata-by-month'), months);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('refuses a bad population even when nothing would be owed', () => {
    // Act
    const act = () => memberFee(-1, termsWith('none'), 6);

    // Assert
    expect(act).toThrow(RangeError);
  });
});
