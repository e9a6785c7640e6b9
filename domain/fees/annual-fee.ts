import type { FeeSchedule } from './fee-schedule';
import type { Ore } from './money';
import { toWholeKronor } from './rounding';

/** The fee parameters the annual fee depends on. */
export type AnnualFeeTerms = Pick<FeeSchedule, 'orePerInhabitant' | 'floorOre' | 'capOre'>;

/** Which rule set the annual fee: the rate, or the floor or cap that held it. */
export type AnnualFeeBasis = 'rate' | 'floor' | 'cap';

/** An annual fee and the rule that set it. */
export interface AnnualFee {
  readonly feeOre: Ore;
  readonly basis: AnnualFeeBasis;
}

/**
 * A member's fee for a whole year: population (on 31 December of the year before the fee year) ×
 * the rate per inhabitant, rounded half up to whole kronor, then held between the floor and the cap.
 * The basis is `floor` or `cap` only when the bound changed the amount: a rate result that equals a
 * bound exactly is `rate`, because the rate alone explains it.
 *
 * @throws RangeError for a population that is not a non-negative integer, a rate that is not a
 * non-negative integer (öre), a floor or cap that is not a non-negative whole number of kronor, or a
 * floor above the cap.
 */
export const annualFee = (population: number, schedule: AnnualFeeTerms): AnnualFee => {
  if (!Number.isSafeInteger(population) || population < 0) {
    throw new RangeError(`A population must be a non-negative integer, got ${population}`);
  }
  assertTerms(schedule);
  const atRate = toWholeKronor(BigInt(population) * BigInt(schedule.orePerInhabitant));
  if (atRate < schedule.floorOre) return { feeOre: schedule.floorOre, basis: 'floor' };
  if (atRate > schedule.capOre) return { feeOre: schedule.capOre, basis: 'cap' };
  return { feeOre: atRate, basis: 'rate' };
};

const isWholeKronor = (ore: number): boolean => Number.isSafeInteger(ore) && ore >= 0 && ore % 100 === 0;

/**
 * Guards the schedule here too, not only at the edge: a floor in öre that is not whole kronor would
 * make a fee that is not whole kronor, and a floor above the cap has no meaning.
 */
const assertTerms = ({ orePerInhabitant, floorOre, capOre }: AnnualFeeTerms): void => {
  if (!Number.isSafeInteger(orePerInhabitant) || orePerInhabitant < 0) {
    throw new RangeError(`The rate must be a non-negative integer in öre, got ${orePerInhabitant}`);
  }
  if (!isWholeKronor(floorOre))
    throw new RangeError(`The floor must be whole kronor in öre, got ${floorOre}`);
  if (!isWholeKronor(capOre)) throw new RangeError(`The cap must be whole kronor in öre, got ${capOre}`);
  if (floorOre > capOre) throw new RangeError(`The floor (${floorOre} öre) is above the cap (${capOre} öre)`);
};
