import { describe, expect, it } from '@jest/globals';
import type { FeeSchedule as StoredSchedule } from '../../../../domain/fees/fee-schedule';
import type { FeeScheduleBook } from '../../../../domain/ports';
import { FeeSchedule } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/get-admin-fee-schedule';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

const schedule2027: StoredSchedule = {
  year: 2027,
  orePerInhabitant: 156,
  floorOre: 1_040_000,
  capOre: 52_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
  indexedFrom: { year: 2026, wageGrowthPercent: 4 },
};

const get = (year: string) =>
  adminEvent({ route: '/api/admin/fee-schedules/{year}', pathParameters: { year } });

const setUp = () => {
  const feeSchedules = fakePort<FeeScheduleBook>({
    schedule: async (year) => (year === 2027 ? schedule2027 : undefined),
  });
  return { feeSchedules, handler: createHandler(() => ({ feeSchedules: feeSchedules.port })) };
};

describe('GET /api/admin/fee-schedules/{year}', () => {
  it('answers 200 with the stored schedule of the year', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(get('2027'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(FeeSchedule.parse(bodyOf(response))).toEqual(schedule2027);
    expect(feeSchedules.callsTo('schedule')).toEqual([[2027]]);
  });

  it('answers 404 FEE_SCHEDULE_NOT_FOUND for a year without a schedule', async () => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(get('2028'), lambdaContext);

    // Assert
    expectError(response, 404, 'FEE_SCHEDULE_NOT_FOUND');
  });

  it.each([['abc'], ['1999'], ['2101'], ['20 27']])(
    'answers 400 naming year for %j, calling no port',
    async (year) => {
      // Arrange
      const { handler, feeSchedules } = setUp();

      // Act
      const response = await handler(get(year), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'year')).toEqual(['year']);
      expect(feeSchedules.calls).toEqual([]);
    },
  );
});
