/**
 * The Swedish calendar's days off, computed for any year: the public holidays of lagen (1989:253)
 * om allmänna helgdagar, and the three eves that are de facto non-working days.
 */
import { addDays } from './stockholm-time';

/** A public holiday by law, or an eve most workplaces treat as one (not a holiday by law). */
export type SwedishDayOffKind = 'public-holiday' | 'eve';

export interface SwedishDayOff {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Swedish name, lower case as written in running text: `långfredagen`, `midsommarafton`. */
  readonly name: string;
  readonly kind: SwedishDayOffKind;
}

const iso = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** 0 Sunday … 6 Saturday, of a calendar date (YYYY-MM-DD). */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Easter Sunday of a Gregorian year (YYYY-MM-DD), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export const easterSunday = (year: number): string => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return iso(year, Math.floor(n / 31), (n % 31) + 1);
};

/** The first Saturday on or after `first` (YYYY-MM-DD). */
const saturdayFrom = (first: string): string => addDays(first, (6 - weekdayOf(first) + 7) % 7);

/**
 * The year's public holidays (allmänna helgdagar, lag 1989:253; Sundays as such left out) and the
 * de facto non-working eves julafton, midsommarafton and nyårsafton, in date order.
 */
export const swedishDaysOff = (year: number): readonly SwedishDayOff[] => {
  const easter = easterSunday(year);
  const midsommardagen = saturdayFrom(iso(year, 6, 20));
  const holiday = (date: string, name: string): SwedishDayOff => ({ date, name, kind: 'public-holiday' });
  const eve = (date: string, name: string): SwedishDayOff => ({ date, name, kind: 'eve' });
  return [
    holiday(iso(year, 1, 1), 'nyårsdagen'),
    holiday(iso(year, 1, 6), 'trettondedag jul'),
    holiday(addDays(easter, -2), 'långfredagen'),
    holiday(easter, 'påskdagen'),
    holiday(addDays(easter, 1), 'annandag påsk'),
    holiday(iso(year, 5, 1), 'första maj'),
    holiday(addDays(easter, 39), 'Kristi himmelsfärdsdag'),
    holiday(addDays(easter, 49), 'pingstdagen'),
    holiday(iso(year, 6, 6), 'Sveriges nationaldag'),
    eve(addDays(midsommardagen, -1), 'midsommarafton'),
    holiday(midsommardagen, 'midsommardagen'),
    holiday(saturdayFrom(iso(year, 10, 31)), 'alla helgons dag'),
    eve(iso(year, 12, 24), 'julafton'),
    holiday(iso(year, 12, 25), 'juldagen'),
    holiday(iso(year, 12, 26), 'annandag jul'),
    eve(iso(year, 12, 31), 'nyårsafton'),
  ].sort((x, y) => x.date.localeCompare(y.date));
};

/** The holidays and eves that fall on `date` (YYYY-MM-DD): usually none; two when Kristi himmelsfärdsdag falls on första maj (as in 2008). */
export const swedishDaysOffOn = (date: string): readonly SwedishDayOff[] =>
  swedishDaysOff(Number(date.slice(0, 4))).filter((day) => day.date === date);
