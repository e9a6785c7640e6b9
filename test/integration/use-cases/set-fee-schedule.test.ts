import { describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '../../../domain/errors';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule';
import {
  type FeeScheduleInput,
  indexFeeSchedule,
  setFeeSchedule,
  showFeeSchedule,
} from '../../../domain/fees/set-fee-schedule';
import { dynamoDbWorld } from './dynamodb-world';

const NOW = '2025-03-01T10:00:00Z';

const input: FeeScheduleInput = {
  orePerInhabitant: 300,
  floorOre: 1_000_000,
  capOre: 15_000_000,
  vatPercent: 25,
};

/** 2.50 kr per inhabitant, floor 10 000 kr, cap 149 999 kr: values whose indexation needs rounding. */
const schedule2024: FeeSchedule = {
  year: 2024,
  orePerInhabitant: 250,
  floorOre: 1_000_000,
  capOre: 14_999_900,
  vatPercent: 25,
  partialYearPolicy: 'full-year',
  example: true,
};

describe('setFeeSchedule', () => {
  it('stores the schedule with the default partial-year policy and FeeScheduleSet', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const saved = await setFeeSchedule(world.feeSchedules, 2025, input);

    // Assert
    const expected: FeeSchedule = { year: 2025, ...input, partialYearPolicy: 'pro-rata-by-month' };
    expect(saved).toEqual(expected);
    expect(await showFeeSchedule(world.feeSchedules, 2025)).toEqual(expected);
    expect(await world.storedEvents('FeeScheduleSet')).toEqual([{ year: 2025 }]);
  });

  it.each([
    ['a floor above the cap', { floorOre: 2_000_000, capOre: 1_000_000 }, ['capOre']],
    ['a floor that is not whole kronor', { floorOre: 1_000_050 }, ['floorOre']],
    ['a cap that is not whole kronor', { capOre: 15_000_001 }, ['capOre']],
    ['a floor in öre above a cap in öre', { floorOre: 1_000_050, capOre: 900_000 }, ['floorOre', 'capOre']],
  ])('rejects %s with issues at the fields and stores nothing', async (_l, change, paths) => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const attempt = setFeeSchedule(world.feeSchedules, 2025, { ...input, ...change });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(paths);
    expect(await world.feeSchedules.schedule(2025)).toBeUndefined();
    expect(await world.storedEvents('FeeScheduleSet')).toEqual([]);
  });

  it('answers FEE_SCHEDULE_NOT_FOUND when showing a year without a schedule', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const attempt = showFeeSchedule(world.feeSchedules, 2030);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'FEE_SCHEDULE_NOT_FOUND' });
  });
});

describe('indexFeeSchedule', () => {
  it('indexes by the stored wage growth of the previous year when none is given', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await world.feeSchedules.save(schedule2024, { detailType: 'FeeScheduleSet', detail: { year: 2024 } });
    await world.feeSchedules.saveWageGrowth(2024, 3.8, 'SCB');
    await world.feeSchedules.saveWageGrowth(2025, 9.9, 'wrong year: must not be used');

    // Act
    const indexed = await indexFeeSchedule(world.feeSchedules, 2025);

    // Assert
    // rate 250 × 1.038 = 259.5 öre → 260 (half up); floor 10 000 kr × 1.038 = 10 380 kr;
    // cap 149 999 kr × 1.038 = 155 698.962 kr → 155 699 kr.
    const expected: FeeSchedule = {
      year: 2025,
      orePerInhabitant: 260,
      floorOre: 1_038_000,
      capOre: 15_569_900,
      vatPercent: 25,
      partialYearPolicy: 'full-year',
      indexedFrom: { year: 2024, wageGrowthPercent: 3.8 },
      example: true,
    };
    expect(indexed).toEqual(expected);
    expect(await world.feeSchedules.schedule(2025)).toEqual(expected);
    expect(await world.storedEvents('FeeScheduleSet')).toEqual(
      expect.arrayContaining([{ year: 2025, indexedFromYear: 2024 }]),
    );
  });

  it('uses the growth given over the stored one', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await world.feeSchedules.save(schedule2024, { detailType: 'FeeScheduleSet', detail: { year: 2024 } });
    await world.feeSchedules.saveWageGrowth(2024, 3.8, 'SCB');

    // Act
    const indexed = await indexFeeSchedule(world.feeSchedules, 2025, 2.5);

    // Assert
    // rate 250 × 1.025 = 256.25 öre → 256; floor 10 000 kr → 10 250 kr; cap 149 999 × 1.025 = 153 748.975 → 153 749 kr.
    expect(indexed).toMatchObject({
      orePerInhabitant: 256,
      floorOre: 1_025_000,
      capOre: 15_374_900,
      indexedFrom: { year: 2024, wageGrowthPercent: 2.5 },
    });
  });

  it('answers FEE_SCHEDULE_NOT_FOUND when the previous year has no schedule, even with a growth given', async () => {
    // Arrange: a 2023 schedule does not help 2025.
    const world = await dynamoDbWorld(NOW);
    await world.feeSchedules.save(
      { ...schedule2024, year: 2023 },
      { detailType: 'FeeScheduleSet', detail: { year: 2023 } },
    );

    // Act
    const attempt = indexFeeSchedule(world.feeSchedules, 2025, 3.8);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'FEE_SCHEDULE_NOT_FOUND' });
    expect(await world.feeSchedules.schedule(2025)).toBeUndefined();
  });

  it('rejects indexing at wageGrowthPercent when no growth is given and none is stored for the previous year', async () => {
    // Arrange: growth is stored for 2025 only, not for 2024.
    const world = await dynamoDbWorld(NOW);
    await world.feeSchedules.save(schedule2024, { detailType: 'FeeScheduleSet', detail: { year: 2024 } });
    await world.feeSchedules.saveWageGrowth(2025, 3.8, 'SCB');

    // Act
    const attempt = indexFeeSchedule(world.feeSchedules, 2025);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'wageGrowthPercent' }] });
    expect(await world.feeSchedules.schedule(2025)).toBeUndefined();
    expect(await world.storedEvents('FeeScheduleSet')).toEqual([{ year: 2024 }]);
  });

  it('rejects a growth with more than two decimals at wageGrowthPercent', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await world.feeSchedules.save(schedule2024, { detailType: 'FeeScheduleSet', detail: { year: 2024 } });

    // Act
    const attempt = indexFeeSchedule(world.feeSchedules, 2025, 3.805);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'wageGrowthPercent' }] });
    expect(await world.feeSchedules.schedule(2025)).toBeUndefined();
  });
});
