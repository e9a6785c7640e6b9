import { describe, expect, it } from '@jest/globals';
import { addDays, isCalendarDate } from '../../../../domain/fees/calendar-date';

describe('addDays', () => {
  it.each([
    ['2024-01-20', 30, '2024-02-19'], // across a month end
    ['2024-02-28', 1, '2024-02-29'], // 2024 is a leap year
    ['2023-02-28', 1, '2023-03-01'], // 2023 is not
    ['2023-12-15', 30, '2024-01-14'], // across a year end
    ['2024-03-31', 0, '2024-03-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-10-20', 14, '2024-11-03'], // across the autumn clock change: still whole days
  ])('%s + %i days is %s', (date, days, expected) => {
    // Act
    const result = addDays(date, days);

    // Assert
    expect(result).toBe(expected);
  });

  it.each([
    ['2024-02-30', 1],
    ['20240101', 1],
    ['2024-01-01', 1.5],
  ])('refuses %s + %d', (date, days) => {
    // Act
    const act = () => addDays(date, days);

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-1-01', false],
    ['2023-01-01T00:00:00Z', false],
    ['', false],
  ])('%s is %s', (value, expected) => {
    // Act
    const result = isCalendarDate(value);

    // Assert
    expect(result).toBe(expected);
  });
});
