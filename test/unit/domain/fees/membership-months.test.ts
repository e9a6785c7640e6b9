import { describe, expect, it } from '@jest/globals';
import { membershipMonths } from '../../../../domain/fees/membership-months';
import type { MembershipPeriod } from '../../../../domain/members/municipality';

describe('membershipMonths', () => {
  it.each<[string, MembershipPeriod[], number, number]>([
    ['a member since long before, all year', [{ from: '2010-01-01' }], 2023, 12],
    ['a member for exactly the calendar year', [{ from: '2023-01-01', to: '2023-12-31' }], 2023, 12],
    ['joined on 1 July (July–December)', [{ from: '2023-07-01' }], 2023, 6],
    ['joined on 31 July: July counts whole', [{ from: '2023-07-31' }], 2023, 6],
    ['joined on 31 December: one month', [{ from: '2023-12-31' }], 2023, 1],
    ['left on 1 March (January–March)', [{ from: '2010-01-01', to: '2024-03-01' }], 2024, 3],
    ['left on 29 February of a leap year', [{ from: '2010-01-01', to: '2024-02-29' }], 2024, 2],
    ['a single day in May', [{ from: '2023-05-17', to: '2023-05-17' }], 2023, 1],
    ['left the year before', [{ from: '2010-01-01', to: '2022-12-31' }], 2023, 0],
    ['joins the year after', [{ from: '2024-01-01' }], 2023, 0],
    ['never a member', [], 2023, 0],
  ])('counts %s as %i months of %i', (_, periods, year, expected) => {
    // Act
    const months = membershipMonths(periods, year);

    // Assert
    expect(months).toBe(expected);
  });

  it('counts a month covered by two overlapping periods once', () => {
    // Arrange: January–June and mid-March–mid-August overlap in March–June
    const periods = [
      { from: '2023-01-01', to: '2023-06-30' },
      { from: '2023-03-15', to: '2023-08-10' },
    ];

    // Act
    const months = membershipMonths(periods, 2023);

    // Assert: January–August
    expect(months).toBe(8);
  });

  it('counts both ends of a gap but not the gap', () => {
    // Arrange
    const periods = [{ from: '2020-01-01', to: '2023-02-15' }, { from: '2023-11-02' }];

    // Act
    const months = membershipMonths(periods, 2023);

    // Assert: January, February, November, December
    expect(months).toBe(4);
  });

  it('counts a month once when one period ends and the next starts in it', () => {
    // Arrange
    const periods = [
      { from: '2020-01-01', to: '2023-04-10' },
      { from: '2023-04-20', to: '2023-05-05' },
    ];

    // Act
    const months = membershipMonths(periods, 2023);

    // Assert: January–May
    expect(months).toBe(5);
  });

  it.each<[string, MembershipPeriod[], number]>([
    ['a period that ends before it starts', [{ from: '2023-05-01', to: '2023-04-30' }], 2023],
    ['a start that is not a date', [{ from: '2023-02-30' }], 2023],
    ['an end that is not a date', [{ from: '2023-01-01', to: '31/12/2023' }], 2023],
    ['a year that is not a year', [{ from: '2023-01-01' }], 2023.5],
  ])('refuses %s', (_, periods, year) => {
    // Act
    const act = () => membershipMonths(periods, year);

    // Assert
    expect(act).toThrow(RangeError);
  });
});
