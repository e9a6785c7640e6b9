import { describe, expect, it } from '@jest/globals';
import type { FeeSchedule } from '../../../../domain/fees/fee-schedule';
import { type FeeMember, feeLines } from '../../../../domain/invoicing/fee-lines';
import { FEDERATION, members, populations, schedule2024 } from './fee-run-fixtures';

describe('feeLines', () => {
  it('gives every member with a population one line, sorted by code, with the party that pays', () => {
    // Act
    const { lines } = feeLines({ feeYear: 2024, schedule: schedule2024, members, populations });

    // Assert (3 kr per inhabitant, floor 10 000 kr, cap 150 000 kr)
    const day = '2023-12-31';
    expect(lines).toEqual([
      // 4 606 × 3 kr = 13 818 kr
      {
        municipalityCode: '1438',
        municipalityName: 'Dals-Ed',
        billingPartyId: FEDERATION,
        population: 4_606,
        populationDate: day,
        feeOre: 1_381_800,
        basis: 'rate',
      },
      // 6 434 × 3 kr = 19 302 kr
      {
        municipalityCode: '1439',
        municipalityName: 'Färgelanda',
        billingPartyId: FEDERATION,
        population: 6_434,
        populationDate: day,
        feeOre: 1_930_200,
        basis: 'rate',
      },
      // 9 138 × 3 kr = 27 414 kr
      {
        municipalityCode: '1460',
        municipalityName: 'Bengtsfors',
        billingPartyId: FEDERATION,
        population: 9_138,
        populationDate: day,
        feeOre: 2_741_400,
        basis: 'rate',
      },
      // 9 165 × 3 kr = 27 495 kr
      {
        municipalityCode: '1461',
        municipalityName: 'Mellerud',
        billingPartyId: FEDERATION,
        population: 9_165,
        populationDate: day,
        feeOre: 2_749_500,
        basis: 'rate',
      },
      // joined 1 July: 9 441 × 3 kr = 28 323 kr × 6/12 = 14 161.50 → 14 162 kr
      {
        municipalityCode: '1466',
        municipalityName: 'Herrljunga',
        billingPartyId: '1466',
        population: 9_441,
        populationDate: day,
        feeOre: 1_416_200,
        basis: 'pro-rata',
        months: 6,
      },
      // 604 616 × 3 kr = 1 813 848 kr → the cap
      {
        municipalityCode: '1480',
        municipalityName: 'Göteborg',
        billingPartyId: '1480',
        population: 604_616,
        populationDate: day,
        feeOre: 15_000_000,
        basis: 'cap',
      },
    ]);
  });

  it('lists a member without a population figure as missing and gives it no line', () => {
    // Act
    const { lines, missingPopulation } = feeLines({
      feeYear: 2024,
      schedule: schedule2024,
      members,
      populations,
    });

    // Assert
    expect(missingPopulation).toEqual(['1486']);
    expect(lines.map((line) => line.municipalityCode)).not.toContain('1486');
  });

  it('leaves out members without a day of membership in the fee year', () => {
    // Act
    const { lines, notMembers } = feeLines({ feeYear: 2024, schedule: schedule2024, members, populations });

    // Assert: Partille left on 2023-12-31, Härryda never joined
    expect(notMembers).toEqual(['1401', '1402']);
    expect(lines.map((line) => line.municipalityCode)).not.toContain('1402');
  });

  it('does not call a non-member without a population missing', () => {
    // Arrange
    const gone: FeeMember = {
      code: '1486',
      name: 'Strömstad',
      memberships: [{ from: '2010-01-01', to: '2020-12-31' }],
    };

    // Act
    const result = feeLines({ feeYear: 2024, schedule: schedule2024, members: [gone], populations });

    // Assert
    expect(result).toEqual({ lines: [], missingPopulation: [], notMembers: ['1486'] });
  });

  it('gives a part-year member no line under policy none, and does not call it missing', () => {
    // Arrange
    const schedule: FeeSchedule = { ...schedule2024, partialYearPolicy: 'none' };

    // Act
    const { lines, missingPopulation, notMembers } = feeLines({
      feeYear: 2024,
      schedule,
      members,
      populations,
    });

    // Assert
    expect(lines.map((line) => line.municipalityCode)).toEqual(['1438', '1439', '1460', '1461', '1480']);
    expect(missingPopulation).toEqual(['1486']);
    expect(notMembers).toEqual(['1401', '1402']);
  });

  it('charges a part-year member the whole fee under policy full-year', () => {
    // Arrange
    const schedule: FeeSchedule = { ...schedule2024, partialYearPolicy: 'full-year' };

    // Act
    const { lines } = feeLines({ feeYear: 2024, schedule, members, populations });

    // Assert: 9 441 × 3 kr = 28 323 kr, no months
    const herrljunga = lines.find((line) => line.municipalityCode === '1466');
    expect(herrljunga).toMatchObject({ feeOre: 2_832_300, basis: 'rate' });
    expect(herrljunga).not.toHaveProperty('months');
  });

  it('takes the population of 31 December of the year before the fee year', () => {
    // Arrange
    const schedule2025: FeeSchedule = { ...schedule2024, year: 2025 };

    // Act
    const { lines } = feeLines({ feeYear: 2025, schedule: schedule2025, members, populations });

    // Assert
    expect(new Set(lines.map((line) => line.populationDate))).toEqual(new Set(['2024-12-31']));
  });

  it('refuses a schedule of another year', () => {
    // Act
    const act = () => feeLines({ feeYear: 2025, schedule: schedule2024, members, populations });

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('refuses a member listed twice, which would be billed twice', () => {
    // Arrange
    const twice = [...members, { code: '1480', name: 'Göteborg', memberships: [{ from: '2010-01-01' }] }];

    // Act
    const act = () => feeLines({ feeYear: 2024, schedule: schedule2024, members: twice, populations });

    // Assert
    expect(act).toThrow(RangeError);
  });
});
