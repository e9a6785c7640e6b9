import { ErrorCode, NotFoundError, ValidationError } from '../errors';
import type { FeeScheduleBook } from '../ports';
import { DEFAULT_PARTIAL_YEAR_POLICY, type FeeSchedule, type PartialYearPolicy } from './fee-schedule';
import { indexSchedule } from './index-schedule';

export interface FeeScheduleInput {
  orePerInhabitant: number;
  floorOre: number;
  capOre: number;
  vatPercent: number;
  partialYearPolicy?: PartialYearPolicy;
  example?: boolean;
}

/**
 * Sets the fee schedule of a year by hand.
 * 1. Floor and cap are whole kronor and floor ≤ cap; the rate is whole öre.
 * 2. The schedule and `FeeScheduleSet` are stored together (replacing an earlier schedule).
 */
export const setFeeSchedule = async (
  book: FeeScheduleBook,
  year: number,
  input: FeeScheduleInput,
): Promise<FeeSchedule> => {
  const issues = [];
  if (input.floorOre % 100 !== 0)
    issues.push({ path: 'floorOre', message: 'The floor is whole kronor (a multiple of 100 öre)' });
  if (input.capOre % 100 !== 0)
    issues.push({ path: 'capOre', message: 'The cap is whole kronor (a multiple of 100 öre)' });
  if (input.floorOre > input.capOre)
    issues.push({ path: 'capOre', message: 'The cap must not be below the floor' });
  if (issues.length > 0) throw new ValidationError(issues);
  const schedule: FeeSchedule = {
    year,
    orePerInhabitant: input.orePerInhabitant,
    floorOre: input.floorOre,
    capOre: input.capOre,
    vatPercent: input.vatPercent,
    partialYearPolicy: input.partialYearPolicy ?? DEFAULT_PARTIAL_YEAR_POLICY,
    ...(input.example ? { example: true } : {}),
  };
  await book.save(schedule, { detailType: 'FeeScheduleSet', detail: { year } });
  return schedule;
};

/**
 * Derives a year's schedule from the previous year's by wage growth.
 * 1. The previous year's schedule must exist (404 FEE_SCHEDULE_NOT_FOUND).
 * 2. The growth is the one given, else the stored wage growth of the previous year.
 * 3. Each parameter × (1 + p/100), rounded as the fee rules say; stored with `FeeScheduleSet`.
 */
export const indexFeeSchedule = async (
  book: FeeScheduleBook & { wageGrowth(year: number): Promise<number | undefined> },
  year: number,
  wageGrowthPercent?: number,
): Promise<FeeSchedule> => {
  const previous = await book.schedule(year - 1);
  if (!previous)
    throw new NotFoundError(
      ErrorCode.FEE_SCHEDULE_NOT_FOUND,
      `No fee schedule for ${year - 1} to index from`,
    );
  const growth = wageGrowthPercent ?? (await book.wageGrowth(year - 1));
  if (growth === undefined) {
    throw new ValidationError([
      { path: 'wageGrowthPercent', message: `No wage growth stored for ${year - 1}: give wageGrowthPercent` },
    ]);
  }
  let schedule: FeeSchedule;
  try {
    schedule = indexSchedule(previous, year, growth);
  } catch (error) {
    throw new ValidationError(
      [{ path: 'wageGrowthPercent', message: (error as Error).message }],
      'Cannot index',
      {
        cause: error,
      },
    );
  }
  await book.save(schedule, { detailType: 'FeeScheduleSet', detail: { year, indexedFromYear: year - 1 } });
  return schedule;
};

/** The schedule of a year, or 404. */
export const showFeeSchedule = async (book: FeeScheduleBook, year: number): Promise<FeeSchedule> => {
  const schedule = await book.schedule(year);
  if (!schedule) throw new NotFoundError(ErrorCode.FEE_SCHEDULE_NOT_FOUND, `No fee schedule for ${year}`);
  return schedule;
};
