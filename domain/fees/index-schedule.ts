import type { FeeSchedule } from './fee-schedule';
import { hundredthsOfPercent, WHOLE_IN_HUNDREDTHS } from './hundredths';
import { roundHalfUpDiv, toSafeNumber } from './rounding';

/** The lowest and highest wage growth accepted: wider than anything seen, narrow enough to catch a typo. */
const MIN_WAGE_GROWTH_PERCENT = -50;
const MAX_WAGE_GROWTH_PERCENT = 100;

/**
 * The fee schedule of `year`, derived from the previous year's by the wage growth: the rate, the
 * floor and the cap are each multiplied by (1 + p/100). The product is exact (BigInt on hundredths
 * of a percent); then the rate is rounded half up to whole öre and the floor and cap half up to
 * whole kronor, as the schedule stores them. Because every parameter is indexed from the
 * previous rounded value, a year's schedule depends only on the one before it and the growth figure.
 * VAT rate, partial-year policy and the `example` flag carry over; `indexedFrom` records the source.
 *
 * @throws RangeError when `year` is not the year after `previous.year`, or the growth is not a
 * finite number with at most two decimals between −50 and 100.
 */
export const indexSchedule = (
  previous: FeeSchedule,
  year: number,
  wageGrowthPercent: number,
): FeeSchedule => {
  if (year !== previous.year + 1) {
    throw new RangeError(
      `A schedule for ${year} cannot be indexed from ${previous.year}: only the next year`,
    );
  }
  const hundredths = hundredthsOfPercent(wageGrowthPercent);
  if (
    hundredths === undefined ||
    wageGrowthPercent < MIN_WAGE_GROWTH_PERCENT ||
    wageGrowthPercent > MAX_WAGE_GROWTH_PERCENT
  ) {
    throw new RangeError(
      `Wage growth must be a percentage with at most two decimals from ${MIN_WAGE_GROWTH_PERCENT} to ${MAX_WAGE_GROWTH_PERCENT}, got ${wageGrowthPercent}`,
    );
  }
  const factor = WHOLE_IN_HUNDREDTHS + hundredths;
  const toOre = (ore: number): number =>
    toSafeNumber(roundHalfUpDiv(BigInt(ore) * factor, WHOLE_IN_HUNDREDTHS));
  const toKronor = (ore: number): number =>
    toSafeNumber(roundHalfUpDiv(BigInt(ore) * factor, WHOLE_IN_HUNDREDTHS * 100n) * 100n);
  return {
    year,
    orePerInhabitant: toOre(previous.orePerInhabitant),
    floorOre: toKronor(previous.floorOre),
    capOre: toKronor(previous.capOre),
    vatPercent: previous.vatPercent,
    partialYearPolicy: previous.partialYearPolicy,
    indexedFrom: { year: previous.year, wageGrowthPercent },
    ...(previous.example === undefined ? {} : { example: previous.example }),
  };
};
