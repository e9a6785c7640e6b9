import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { roundHalfUpDiv, toSafeNumber, toWholeKronor } from '../../../../domain/fees/rounding';

describe('roundHalfUpDiv', () => {
  it.each([
    [7n, 2n, 4n], // 3.5 → 4: a tie goes up
    [5n, 2n, 3n], // 2.5 → 3 (not to even: that would be 2)
    [1n, 3n, 0n], // 0.33 → 0
    [2n, 3n, 1n], // 0.67 → 1
    [10n, 5n, 2n], // exact
    [0n, 7n, 0n],
  ])('rounds %i / %i to %i', (numerator, denominator, expected) => {
    // Act
    const result = roundHalfUpDiv(numerator, denominator);

    // Assert
    expect(result).toBe(expected);
  });

  it.each([
    [-7n, 2n, -4n], // -3.5 → -4: away from zero
    [-5n, 2n, -3n],
    [-2n, 3n, -1n], // -0.67 → -1
    [-1n, 3n, 0n], // -0.33 → 0
    [7n, -2n, -4n], // the sign of the denominator counts the same way
    [-7n, -2n, 4n],
  ])('rounds the negative case %i / %i away from zero to %i', (numerator, denominator, expected) => {
    // Act
    const result = roundHalfUpDiv(numerator, denominator);

    // Assert
    expect(result).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    // Act
    const act = () => roundHalfUpDiv(1n, 0n);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('mirrors a negated numerator exactly, so a credit rounds like its invoice', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          // Act
          const positive = roundHalfUpDiv(n, d);
          const negative = roundHalfUpDiv(-n, d);

          // Assert
          expect(negative).toBe(-positive);
        },
      ),
    );
  });

  it('is never more than half a unit from the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          // Act
          const q = roundHalfUpDiv(n, d);

          // Assert: |q·d − n| ≤ d/2, in integers: 2·|q·d − n| ≤ d
          const error = q * d - n;
          expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
        },
      ),
    );
  });
});

describe('toWholeKronor', () => {
  it.each([
    [1_183_742, 1_183_700], // 11 837.42 kr → 11 837 kr
    [1_183_749, 1_183_700], // .49 → down
    [1_183_750, 1_183_800], // .50 → up
    [1_183_751, 1_183_800],
    [1_183_700, 1_183_700],
    [0, 0],
    [50, 100],
    [49, 0],
  ])('rounds %i öre to %i öre', (ore, expected) => {
    // Act
    const result = toWholeKronor(ore);

    // Assert
    expect(result).toBe(expected);
  });

  it('takes a BigInt as well as a number', () => {
    // Act
    const result = toWholeKronor(179_052_350n);

    // Assert
    expect(result).toBe(179_052_400);
  });

  it.each([
    [-150, -200],
    [-149, -100],
  ])('rounds the negative %i öre away from zero to %i öre', (ore, expected) => {
    // Act
    const result = toWholeKronor(ore);

    // Assert
    expect(result).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d öre', (ore) => {
    // Act
    const act = () => toWholeKronor(ore);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('gives a multiple of 100 öre within 50 öre of the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (ore) => {
        // Act
        const result = toWholeKronor(ore);

        // Assert
        expect(Math.abs(result % 100)).toBe(0);
        expect(Math.abs(result - ore)).toBeLessThanOrEqual(50);
      }),
    );
  });
});

describe('toSafeNumber', () => {
  it('refuses a value a number cannot hold exactly', () => {
    // Act
    const act = () => toSafeNumber(2n ** 53n);

    // Assert
    expect(act).toThrow(RangeError);
    expect(toSafeNumber(2n ** 53n - 1n)).toBe(9_007_199_254_740_991);
  });
});
