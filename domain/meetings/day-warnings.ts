import { type SwedishDayOffKind, swedishDaysOffOn, weekdayOf } from '../shared/swedish-holidays';

/**
 * Why a meeting day deserves a second thought: a public holiday, a de facto non-working eve, the
 * Christmas week (24 December – 1 January, when most members are off; trettondedag jul, 6 January,
 * is a public holiday anyway), or a Saturday or Sunday.
 */
export type DayWarningKind = SwedishDayOffKind | 'christmas-week' | 'weekend';

/** Every kind of warning, for schemas at the edge. */
export const DAY_WARNING_KINDS = [
  'public-holiday',
  'eve',
  'christmas-week',
  'weekend',
] as const satisfies readonly DayWarningKind[];

export interface DayWarning {
  /** YYYY-MM-DD. */
  readonly day: string;
  readonly kind: DayWarningKind;
  /** Swedish: `långfredagen`, `julveckan`, `lördag`. */
  readonly name: string;
}

/** 24 December through 1 January, both included. */
export const isInChristmasWeek = (day: string): boolean => {
  const monthDay = day.slice(5);
  return monthDay >= '12-24' || monthDay === '01-01';
};

const WEEKEND_NAMES: Readonly<Record<number, string>> = { 0: 'söndag', 6: 'lördag' };

/**
 * The warnings for one meeting day (YYYY-MM-DD), in a fixed order: holiday or eve, Christmas week,
 * weekend. Empty for an ordinary weekday. Warnings never block saving: the admin is asked, and
 * may go ahead (a two-day meeting may well span a Saturday on purpose).
 */
export const dayWarnings = (day: string): DayWarning[] => {
  const warnings: DayWarning[] = swedishDaysOffOn(day).map(({ kind, name }) => ({ day, kind, name }));
  if (isInChristmasWeek(day)) warnings.push({ day, kind: 'christmas-week', name: 'julveckan' });
  const weekend = WEEKEND_NAMES[weekdayOf(day)];
  if (weekend) warnings.push({ day, kind: 'weekend', name: weekend });
  return warnings;
};

/** The warnings for each of `days`, in day order. */
export const meetingDayWarnings = (days: readonly string[]): DayWarning[] =>
  [...days].sort().flatMap(dayWarnings);
