import { describe, expect, it } from '@jest/globals';
import { ConflictError, RuleViolationError } from '../../../domain/errors';
import { closeYear } from '../../../domain/invoicing/close-year';
import { dynamoDbWorld, principal, schedule2025 } from './dynamodb-world';

/** Stockholm is UTC+1 in winter: 23:30 on 31 Dec is 22:30Z, 00:30 on 1 Jan is 23:30Z on 31 Dec. */
const LATE_ON_NEW_YEARS_EVE = '2024-12-31T22:30:00Z';
const JUST_AFTER_MIDNIGHT_IN_STOCKHOLM = '2024-12-31T23:30:00Z';

const withSchedule2025 = async (now: string) => {
  const world = await dynamoDbWorld(now);
  await world.feeSchedules.save(schedule2025, { detailType: 'FeeScheduleSet', detail: { year: 2025 } });
  await world.registry.savePrincipal(principal, {
    detailType: 'PrincipalSaved',
    detail: { principalId: principal.id },
  });
  return world;
};

describe('closeYear', () => {
  it('refuses YEAR_NOT_ENDED at 23:30 on 31 December in Stockholm, closing nothing', async () => {
    // Arrange
    const world = await withSchedule2025(LATE_ON_NEW_YEARS_EVE);

    // Act
    const attempt = closeYear(world, 2024);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
    await expect(attempt).rejects.toMatchObject({ code: 'YEAR_NOT_ENDED' });
    expect(await world.years.closedAt(2024)).toBeUndefined();
    expect(await world.storedEvents('YearClosed')).toEqual([]);
  });

  it('closes at 00:30 on 1 January in Stockholm although it is still 31 December in UTC', async () => {
    // Arrange
    const world = await withSchedule2025(JUST_AFTER_MIDNIGHT_IN_STOCKHOLM);

    // Act
    const result = await closeYear(world, 2024);

    // Assert
    const closedAt = '2024-12-31T23:30:00.000Z';
    expect(result).toEqual({ year: 2024, closedAt });
    expect(await world.years.closedAt(2024)).toBe(closedAt);
    // The event's time is UTC, so it is filed under 2024.
    expect(await world.storedEvents('YearClosed', '2024')).toEqual([{ year: 2024, closedAt }]);
  });

  it('refuses FEE_SCHEDULE_MISSING when the next year has no schedule, closing nothing', async () => {
    // Arrange: a schedule for the closed year itself is not enough.
    const world = await dynamoDbWorld('2025-01-02T09:00:00Z');
    await world.feeSchedules.save(
      { ...schedule2025, year: 2024 },
      { detailType: 'FeeScheduleSet', detail: { year: 2024 } },
    );

    // Act
    const attempt = closeYear(world, 2024);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
    await expect(attempt).rejects.toMatchObject({ code: 'FEE_SCHEDULE_MISSING' });
    expect(await world.years.closedAt(2024)).toBeUndefined();
    expect(await world.storedEvents('YearClosed')).toEqual([]);
  });

  it('refuses a second close with YEAR_ALREADY_CLOSED and keeps the first closing time', async () => {
    // Arrange
    const world = await withSchedule2025('2025-01-02T09:00:00Z');
    await closeYear(world, 2024);
    world.clock.set('2025-01-03T09:00:00Z');

    // Act
    const again = closeYear(world, 2024);

    // Assert
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ code: 'YEAR_ALREADY_CLOSED' });
    expect(await world.years.closedAt(2024)).toBe('2025-01-02T09:00:00.000Z');
    expect(await world.storedEvents('YearClosed')).toHaveLength(1);
  });
});
