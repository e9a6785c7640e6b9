import { describe, expect, it } from '@jest/globals';
import { vatOre } from '../../../../domain/fees/vat';

describe('vatOre', () => {
  it.each([
    [1_234_567, 25, 308_642], // 308 641.75 → up
    [1_234_567, 12, 148_148], // 148 148.04 → down
    [1_234_567, 6, 74_074], // 74 074.02 → down
    [1_234_567, 0, 0],
    [8_802_900, 25, 2_200_725], // exact
    [10, 25, 3], // 2.5 → 3: a tie goes up
    [2, 25, 1], // 0.5 → 1
    [4, 12.5, 1], // 0.5 → 1, with a rate of one decimal
    [100, 12.34, 12], // 12.34 → 12, two decimals
    [0, 25, 0],
  ])('%i öre at %d percent is %i öre', (net, rate, expected) => {
    // Act
    const vat = vatOre(net, rate);

    // Assert
    expect(vat).toBe(expected);
  });

  it.each([
    [-10, 25, -3], // -2.5 → -3: away from zero, the mirror of 10 öre
    [-1_234_567, 25, -308_642],
  ])('%i öre at %d percent is %i öre, mirroring the positive amount', (net, rate, expected) => {
    // Act
    const vat = vatOre(net, rate);

    // Assert
    expect(vat).toBe(expected);
  });

  it.each([
    [100, 25.001],
    [100, -1],
    [100, 100.01],
    [100, Number.NaN],
    [100.5, 25],
  ])('refuses %d öre at %d percent', (net, rate) => {
    // Act
    const act = () => vatOre(net, rate);

    // Assert
    expect(act).toThrow(RangeError);
  });
});
