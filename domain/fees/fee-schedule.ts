import type { Ore } from './money';

/**
 * How a member that belongs to the network for only part of the fee year pays:
 * - `full-year`: the whole annual fee;
 * - `pro-rata-by-month`: the annual fee × (months with membership) / 12, a started month counting whole;
 * - `none`: nothing for that year.
 */
export type PartialYearPolicy = 'full-year' | 'pro-rata-by-month' | 'none';

/** The default: members pay for the months they belong, which is what a joining member expects. */
export const DEFAULT_PARTIAL_YEAR_POLICY: PartialYearPolicy = 'pro-rata-by-month';

/** The fee parameters of one fee year. */
export interface FeeSchedule {
  readonly year: number;
  /** Fee per inhabitant, in whole öre. */
  readonly orePerInhabitant: number;
  /** Lowest annual fee, whole kronor expressed in öre. */
  readonly floorOre: Ore;
  /** Highest annual fee, whole kronor expressed in öre. */
  readonly capOre: Ore;
  /** VAT rate in percent, e.g. 25. */
  readonly vatPercent: number;
  readonly partialYearPolicy: PartialYearPolicy;
  /** Set when the schedule was derived by indexation from the previous year's. */
  readonly indexedFrom?: { readonly year: number; readonly wageGrowthPercent: number };
  /** True for demo data: not the network's real fee levels. */
  readonly example?: boolean;
}
