/**
 * Calendar dates as `YYYY-MM-DD` strings. Such strings sort like the dates they name, so
 * comparisons need no parsing; arithmetic goes through UTC midnight, where no day is 23 or 25 hours.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (2023-02-29 is not). */
export const isCalendarDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * The date `days` days after `date` (before, when negative): 2024-01-20 + 30 → 2024-02-19.
 *
 * @throws RangeError for a date that is not `YYYY-MM-DD` or a day count that is not an integer.
 */
export const addDays = (date: string, days: number): string => {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  if (!Number.isSafeInteger(days)) throw new RangeError(`A number of days must be an integer, got ${days}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const result = new Date(Date.UTC(y, m - 1, d + days));
  if (result.getUTCFullYear() < 1000 || result.getUTCFullYear() > 9999) {
    throw new RangeError(`${date} + ${days} days leaves the four-digit years`);
  }
  return result.toISOString().slice(0, 10);
};
