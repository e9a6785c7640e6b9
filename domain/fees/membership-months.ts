import type { MembershipPeriod } from '../members/municipality';
import { isCalendarDate } from './calendar-date';

/**
 * How many calendar months of `year` (0–12) the member belonged to the network on at least one
 * day. A started month counts whole, so joining on 31 July still counts July; overlapping periods
 * count each month once.
 *
 * @throws RangeError for a year outside 1000–9999, a date that is not `YYYY-MM-DD`, or a period
 * that ends before it starts (a data error that must not silently become "not a member").
 */
export const membershipMonths = (periods: readonly MembershipPeriod[], year: number): number => {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`A year must have four digits, got ${year}`);
  }
  for (const period of periods) assertPeriod(period);
  let months = 0;
  for (let month = 1; month <= 12; month += 1) {
    const mm = String(month).padStart(2, '0');
    const first = `${year}-${mm}-01`;
    // Day 31 sorts after every real day of any month, so no calendar is needed for the month's end.
    const last = `${year}-${mm}-31`;
    if (periods.some((p) => p.from <= last && (p.to === undefined || p.to >= first))) months += 1;
  }
  return months;
};

const assertPeriod = ({ from, to }: MembershipPeriod): void => {
  if (!isCalendarDate(from)) throw new RangeError(`A membership starts on a date (YYYY-MM-DD), got ${from}`);
  if (to === undefined) return;
  if (!isCalendarDate(to)) throw new RangeError(`A membership ends on a date (YYYY-MM-DD), got ${to}`);
  if (to < from) throw new RangeError(`A membership ends (${to}) before it starts (${from})`);
};
