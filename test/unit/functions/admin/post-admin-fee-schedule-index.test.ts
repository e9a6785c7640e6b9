import { describe, expect, it } from '@jest/globals';
import type { FeeSchedule as StoredSchedule } from '../../../../domain/fees/fee-schedule';
import type { FeeScheduleBook } from '../../../../domain/ports';
import { FeeSchedule } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/post-admin-fee-schedule-index';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

type Book = FeeScheduleBook & { wageGrowth(year: number): Promise<number | undefined> };

const schedule2026: StoredSchedule = {
  year: 2026,
  orePerInhabitant: 150,
  floorOre: 1_000_000,
  capOre: 50_000_000,
  vatPercent: 25,
  partialYearPolicy: 'full-year',
};

const post = (year: string, request: { body?: string; contentType?: string } = {}) =>
  adminEvent({
    method: 'POST',
    route: '/api/admin/fee-schedules/{year}/index',
    pathParameters: { year },
    headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
    ...(request.body === undefined ? {} : { body: request.body }),
  });

const postJson = (year: string, body: unknown) =>
  post(year, { body: JSON.stringify(body), contentType: 'application/json' });

const setUp = ({
  previous = schedule2026,
  storedGrowth = 4.0,
}: {
  previous?: StoredSchedule;
  storedGrowth?: number;
} = {}) => {
  const feeSchedules = fakePort<Book>({
    schedule: async (year) => (year === previous.year ? previous : undefined),
    wageGrowth: async (year) => (year === 2026 ? storedGrowth : undefined),
    save: async () => {},
  });
  return { feeSchedules, handler: createHandler(() => ({ feeSchedules: feeSchedules.port })) };
};

describe('POST /api/admin/fee-schedules/{year}/index', () => {
  it('answers 201 with the schedule indexed by the stored wage growth when the body is empty', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp({ storedGrowth: 4.0 });

    // Act
    const response = await handler(post('2027'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    const schedule = FeeSchedule.parse(bodyOf(response));
    expect(schedule).toEqual({
      year: 2027,
      orePerInhabitant: 156,
      floorOre: 1_040_000,
      capOre: 52_000_000,
      vatPercent: 25,
      partialYearPolicy: 'full-year',
      indexedFrom: { year: 2026, wageGrowthPercent: 4 },
    });
    expect(feeSchedules.callsTo('wageGrowth')).toEqual([[2026]]);
    expect(feeSchedules.callsTo('save')).toEqual([
      [schedule, { detailType: 'FeeScheduleSet', detail: { year: 2027, indexedFromYear: 2026 } }],
    ]);
  });

  it('treats an empty string body without a content type as empty', async () => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(post('2027', { body: '' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toMatchObject({ indexedFrom: { year: 2026, wageGrowthPercent: 4 } });
  });

  it('answers 201 indexing by the wage growth given, 3.8 %, without asking for the stored one', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(postJson('2027', { wageGrowthPercent: 3.8 }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(FeeSchedule.parse(bodyOf(response))).toMatchObject({
      orePerInhabitant: 156,
      floorOre: 1_038_000,
      capOre: 51_900_000,
      indexedFrom: { year: 2026, wageGrowthPercent: 3.8 },
    });
    expect(feeSchedules.callsTo('wageGrowth')).toEqual([]);
  });

  it('answers 201 for an empty JSON object, using the stored wage growth', async () => {
    // Arrange
    const { handler } = setUp({ storedGrowth: 2.5 });

    // Act
    const response = await handler(postJson('2027', {}), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toMatchObject({ indexedFrom: { year: 2026, wageGrowthPercent: 2.5 } });
  });

  it.each([
    ['three decimals', { wageGrowthPercent: 3.855 }, 'wageGrowthPercent'],
    ['over 100 %', { wageGrowthPercent: 100.5 }, 'wageGrowthPercent'],
    ['below −50 %', { wageGrowthPercent: -51 }, 'wageGrowthPercent'],
    ['a string', { wageGrowthPercent: '3.8' }, 'wageGrowthPercent'],
    ['null', { wageGrowthPercent: null }, 'wageGrowthPercent'],
    ['an unknown key', { wageGrowth: 3.8 }, 'wageGrowth'],
  ])('answers 400 naming the field when the growth is %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(postJson('2027', body), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, path)).toEqual([path]);
    expect(feeSchedules.calls).toEqual([]);
  });

  it('answers 400 naming wageGrowthPercent when none is given and none is stored, storing nothing', async () => {
    // Arrange
    const feeSchedules = fakePort<Book>({
      schedule: async () => schedule2026,
      wageGrowth: async () => undefined,
    });
    const handler = createHandler(() => ({ feeSchedules: feeSchedules.port }));

    // Act
    const response = await handler(post('2027'), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'wageGrowthPercent')).toEqual(['wageGrowthPercent']);
    expect(feeSchedules.callsTo('save')).toEqual([]);
  });

  it('answers 404 FEE_SCHEDULE_NOT_FOUND when the previous year has no schedule, storing nothing', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(postJson('2029', { wageGrowthPercent: 3.8 }), lambdaContext);

    // Assert
    expectError(response, 404, 'FEE_SCHEDULE_NOT_FOUND');
    expect(feeSchedules.callsTo('save')).toEqual([]);
  });

  it.each([['abc'], ['1999'], ['2101']])('answers 400 naming year for %j, calling no port', async (year) => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(postJson(year, { wageGrowthPercent: 3.8 }), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'year')).toEqual(['year']);
    expect(feeSchedules.calls).toEqual([]);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a non-empty body that is not JSON, storing nothing', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(
      post('2027', { body: 'wageGrowthPercent=3.8', contentType: 'text/plain' }),
      lambdaContext,
    );

    // Assert
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(feeSchedules.calls).toEqual([]);
  });
});

describe('POST /api/admin/fee-schedules/{year}/index: two decimals as people write them', () => {
  it.each([1.1, 2.05, 1.15, 3.8])(
    'accepts %s %% (not refused by binary rounding of × 100)',
    async (growth) => {
      // Arrange
      const { handler } = setUp();
      // Act
      const response = await handler(postJson('2027', { wageGrowthPercent: growth }), lambdaContext);
      // Assert
      expect(response.statusCode).toBe(201);
      expect(FeeSchedule.parse(bodyOf(response)).indexedFrom).toEqual({
        year: 2026,
        wageGrowthPercent: growth,
      });
    },
  );

  it.each(['0x7e9', ' 2027 ', '2027.0', '2.027e3'])(
    'refuses the year %j: only four digits are a year',
    async (year) => {
      const { handler, feeSchedules } = setUp();
      const response = await handler(postJson(year, { wageGrowthPercent: 1 }), lambdaContext);
      expectValidationFailure(response, 'year');
      expect(feeSchedules.calls).toEqual([]);
    },
  );
});
