/**
 * Percentages in fee parameters (wage growth, VAT) have at most two decimals. Held as whole
 * hundredths of a percent (basis points) they take part in BigInt arithmetic without a float.
 */

/**
 * `percent` in hundredths of a percent (3.8 → 380n, 25 → 2500n), or undefined when it is not finite
 * or has more than two decimals.
 */
export const hundredthsOfPercent = (percent: number): bigint | undefined => {
  if (!Number.isFinite(percent)) return undefined;
  const hundredths = Math.round(percent * 100);
  // `percent * 100` may be off by a rounding error (3.8 * 100 = 380.00000000000006); dividing back
  // gives the double nearest to the two-decimal value, which equals `percent` only if it had ≤ 2 decimals.
  if (hundredths / 100 !== percent) return undefined;
  return BigInt(hundredths);
};

/** 100 % in hundredths of a percent: the denominator that turns basis points into a factor. */
export const WHOLE_IN_HUNDREDTHS = 10_000n;
