/**
 * The one rounding rule for money: half up, meaning half away from zero. All arithmetic is done on
 * BigInt so that no intermediate value is ever a float and no amount can drift by an öre.
 */

/**
 * `numerator / denominator` rounded to the nearest integer, a tie (exactly .5) going away from
 * zero: 7/2 → 4, -7/2 → -4, 5/4 → 1, -5/4 → -1. Away from zero keeps a credit note the exact mirror
 * of its invoice: rounding −x gives −(rounding x).
 *
 * @throws RangeError when the denominator is zero.
 */
export const roundHalfUpDiv = (numerator: bigint, denominator: bigint): bigint => {
  if (denominator === 0n) throw new RangeError('Cannot divide by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // floor((n + d/2) / d) without a fraction: double both sides.
  const magnitude = (2n * n + d) / (2n * d);
  return negative ? -magnitude : magnitude;
};

/**
 * An amount in öre rounded half up (away from zero) to whole kronor, returned in öre: always a
 * multiple of 100. 1 183 742 öre → 1 183 700; 1 183 750 → 1 183 800.
 *
 * @throws RangeError when a number is not a safe integer, or the result is not one.
 */
export const toWholeKronor = (ore: bigint | number): number => {
  if (typeof ore === 'number' && !Number.isSafeInteger(ore)) {
    throw new RangeError(`An amount in öre must be a safe integer, got ${ore}`);
  }
  return toSafeNumber(roundHalfUpDiv(BigInt(ore), 100n) * 100n);
};

/**
 * A BigInt as a number, refusing any value a number cannot hold exactly.
 *
 * @throws RangeError outside ±(2^53 − 1).
 */
export const toSafeNumber = (value: bigint): number => {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${value} is too large to be held exactly`);
  return result;
};
