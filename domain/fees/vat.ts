import { hundredthsOfPercent, WHOLE_IN_HUNDREDTHS } from './hundredths';
import type { Ore } from './money';
import { roundHalfUpDiv, toSafeNumber } from './rounding';

/**
 * The VAT on a net amount, rounded half up (away from zero) to whole öre: 25 % of 1 234 567 öre is
 * 308 641.75 → 308 642 öre. A negative net (a credit) gives the exact negative of the VAT on the
 * positive amount. The rate may have two decimals (25, 12, 6, 0, 12.5).
 *
 * @throws RangeError for a net that is not an integer, or a rate that is not 0–100 with at most two decimals.
 */
export const vatOre = (netOre: Ore, vatPercent: number): Ore => {
  if (!Number.isSafeInteger(netOre)) throw new RangeError(`A net amount must be integer öre, got ${netOre}`);
  const hundredths = hundredthsOfPercent(vatPercent);
  if (hundredths === undefined || vatPercent < 0 || vatPercent > 100) {
    throw new RangeError(`A VAT rate must be 0–100 % with at most two decimals, got ${vatPercent}`);
  }
  return toSafeNumber(roundHalfUpDiv(BigInt(netOre) * hundredths, WHOLE_IN_HUNDREDTHS));
};
