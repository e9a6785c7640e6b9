import type { FeeBasis } from '../invoicing/invoice';
import { annualFee } from './annual-fee';
import type { FeeSchedule } from './fee-schedule';
import type { Ore } from './money';
import { roundHalfUpDiv, toSafeNumber } from './rounding';

/** The fee parameters a member's fee depends on. */
export type MemberFeeTerms = Pick<
  FeeSchedule,
  'orePerInhabitant' | 'floorOre' | 'capOre' | 'partialYearPolicy'
>;

/** What a member pays for a fee year, and why. `months` is set only for a pro-rata fee. */
export interface MemberFee {
  readonly feeOre: Ore;
  readonly basis: FeeBasis;
  readonly months?: number;
}

/**
 * A member's fee for a fee year in which it belonged to the network `months` calendar months.
 *
 * - 0 months: undefined, nothing is owed.
 * - 12 months, or policy `full-year`: the annual fee.
 * - fewer months and policy `none`: undefined.
 * - fewer months and policy `pro-rata-by-month`: annual fee × months / 12, rounded half up to whole
 *   kronor, basis `pro-rata`.
 *
 * The floor and cap bound the *annual* fee; pro rata then scales the held fee. So a capped member
 * that joins in July pays half the cap, and a small member half the floor: the bounds say what a
 * year of membership costs, and a part of a year costs its part of that.
 *
 * @throws RangeError for months that are not an integer 0–12, and whatever {@link annualFee} throws.
 */
export const memberFee = (
  population: number,
  schedule: MemberFeeTerms,
  months: number,
): MemberFee | undefined => {
  if (!Number.isInteger(months) || months < 0 || months > 12) {
    throw new RangeError(`Months of membership must be an integer 0–12, got ${months}`);
  }
  if (months === 0) return undefined;
  // Computed even when nothing is owed, so that a bad population or schedule is never hidden.
  const annual = annualFee(population, schedule);
  if (months === 12) return annual;
  switch (schedule.partialYearPolicy) {
    case 'full-year':
      return annual;
    case 'none':
      return undefined;
    case 'pro-rata-by-month': {
      const kronor = roundHalfUpDiv(BigInt(annual.feeOre) * BigInt(months), 12n * 100n);
      return { feeOre: toSafeNumber(kronor * 100n), basis: 'pro-rata', months };
    }
    default:
      throw new RangeError(
        `Unknown partial-year policy: ${String(schedule.partialYearPolicy satisfies never)}`,
      );
  }
};
