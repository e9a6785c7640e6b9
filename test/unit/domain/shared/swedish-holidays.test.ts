import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../../../../domain/shared/stockholm-time';
import {
  easterSunday,
  swedishDaysOff,
  swedishDaysOffOn,
  weekdayOf,
} from '../../../../domain/shared/swedish-holidays';

/** Easter Sundays as published (Svenska kyrkan's almanac). */
const KNOWN_EASTER: ReadonlyArray<readonly [number, string]> = [
  [2024, '2024-03-31'],
  [2025, '2025-04-20'],
  [2026, '2026-04-05'],
  [2027, '2027-03-28'],
  [2028, '2028-04-16'],
  [2029, '2029-04-01'],
  [2030, '2030-04-21'],
];

const namesOf = (year: number): Record<string, string> =>
  Object.fromEntries(swedishDaysOff(year).map((day) => [day.name, day.date]));

const years = fc.integer({ min: 1900, max: 2200 });

describe('easterSunday', () => {
  it.each(KNOWN_EASTER)('finds Easter %i on %s', (year, date) => {
    // Act & Assert
    expect(easterSunday(year)).toBe(date);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(years, (year) => {
        const easter = easterSunday(year);
        expect(weekdayOf(easter)).toBe(0);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });
});

describe('swedishDaysOff', () => {
  it('lists the days off of 2027 with their Swedish names', () => {
    // Act
    const days = swedishDaysOff(2027);

    // Assert
    expect(days.map(({ date, name, kind }) => `${date} ${kind} ${name}`)).toEqual([
      '2027-01-01 public-holiday nyårsdagen',
      '2027-01-06 public-holiday trettondedag jul',
      '2027-03-26 public-holiday långfredagen',
      '2027-03-28 public-holiday påskdagen',
      '2027-03-29 public-holiday annandag påsk',
      '2027-05-01 public-holiday första maj',
      '2027-05-06 public-holiday Kristi himmelsfärdsdag',
      '2027-05-16 public-holiday pingstdagen',
      '2027-06-06 public-holiday Sveriges nationaldag',
      '2027-06-25 eve midsommarafton',
      '2027-06-26 public-holiday midsommardagen',
      '2027-11-06 public-holiday alla helgons dag',
      '2027-12-24 eve julafton',
      '2027-12-25 public-holiday juldagen',
      '2027-12-26 public-holiday annandag jul',
      '2027-12-31 eve nyårsafton',
    ]);
  });

  it.each([
    [2024, '2024-03-29', '2024-05-09', '2024-05-19', '2024-06-21', '2024-06-22', '2024-11-02'],
    [2025, '2025-04-18', '2025-05-29', '2025-06-08', '2025-06-20', '2025-06-21', '2025-11-01'],
    [2026, '2026-04-03', '2026-05-14', '2026-05-24', '2026-06-19', '2026-06-20', '2026-10-31'],
    [2028, '2028-04-14', '2028-05-25', '2028-06-04', '2028-06-23', '2028-06-24', '2028-11-04'],
    [2029, '2029-03-30', '2029-05-10', '2029-05-20', '2029-06-22', '2029-06-23', '2029-11-03'],
    [2030, '2030-04-19', '2030-05-30', '2030-06-09', '2030-06-21', '2030-06-22', '2030-11-02'],
  ])('finds the moving days off of %i', (year, goodFriday, ascension, whitsun, eve, midsummer, allSaints) => {
    // Act
    const names = namesOf(year);

    // Assert
    expect(names).toMatchObject({
      långfredagen: goodFriday,
      'Kristi himmelsfärdsdag': ascension,
      pingstdagen: whitsun,
      midsommarafton: eve,
      midsommardagen: midsummer,
      'alla helgons dag': allSaints,
    });
  });

  it('puts midsommardagen on the Saturday 20–26 June and alla helgons dag on the Saturday 31 October – 6 November', () => {
    fc.assert(
      fc.property(years, (year) => {
        const names = namesOf(year);
        const midsummer = names.midsommardagen as string;
        const allSaints = names['alla helgons dag'] as string;
        expect(weekdayOf(midsummer)).toBe(6);
        expect(midsummer >= `${year}-06-20` && midsummer <= `${year}-06-26`).toBe(true);
        expect(names.midsommarafton).toBe(addDays(midsummer, -1));
        expect(weekdayOf(allSaints)).toBe(6);
        expect(allSaints >= `${year}-10-31` && allSaints <= `${year}-11-06`).toBe(true);
      }),
    );
  });

  it('lists 13 public holidays and 3 eves every year, in date order, all in that year', () => {
    fc.assert(
      fc.property(years, (year) => {
        const days = swedishDaysOff(year);
        expect(days.filter((day) => day.kind === 'public-holiday')).toHaveLength(13);
        expect(
          days
            .filter((day) => day.kind === 'eve')
            .map((day) => day.name)
            .sort(),
        ).toEqual(['julafton', 'midsommarafton', 'nyårsafton']);
        expect(days.map((day) => day.date)).toEqual(days.map((day) => day.date).sort());
        expect(days.every((day) => day.date.startsWith(`${year}-`))).toBe(true);
      }),
    );
  });
});

describe('swedishDaysOffOn', () => {
  it('finds nothing on an ordinary Wednesday', () => {
    expect(swedishDaysOffOn('2027-03-10')).toEqual([]);
  });

  it('finds both holidays when Kristi himmelsfärdsdag fell on första maj (2008)', () => {
    expect(swedishDaysOffOn('2008-05-01').map((day) => day.name)).toEqual([
      'första maj',
      'Kristi himmelsfärdsdag',
    ]);
  });
});
