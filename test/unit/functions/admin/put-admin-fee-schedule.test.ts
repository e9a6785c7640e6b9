import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FeeScheduleBook } from '../../../../domain/ports';
import { FeeSchedule } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/put-admin-fee-schedule';
import { ErrorBody } from '../../../../functions/http/schemas';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

const aSchedule = (overrides: Record<string, unknown> = {}) => ({
  orePerInhabitant: 150,
  floorOre: 1_000_000,
  capOre: 50_000_000,
  vatPercent: 25,
  ...overrides,
});

const putRaw = (year: string, body: string) =>
  adminEvent({
    method: 'PUT',
    route: '/api/admin/fee-schedules/{year}',
    pathParameters: { year },
    headers: { 'content-type': 'application/json' },
    body,
  });

const put = (year: string, body: unknown) => putRaw(year, JSON.stringify(body));

const setUp = () => {
  const feeSchedules = fakePort<FeeScheduleBook>({ save: async () => {} });
  return { feeSchedules, handler: createHandler(() => ({ feeSchedules: feeSchedules.port })) };
};

describe('PUT /api/admin/fee-schedules/{year}', () => {
  it('answers 200 with the schedule, pro rata by month by default, and stores it with FeeScheduleSet', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(put('2027', aSchedule()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const schedule = FeeSchedule.parse(bodyOf(response));
    expect(schedule).toEqual({ ...aSchedule(), year: 2027, partialYearPolicy: 'pro-rata-by-month' });
    expect(feeSchedules.callsTo('save')).toEqual([
      [schedule, { detailType: 'FeeScheduleSet', detail: { year: 2027 } }],
    ]);
  });

  it('answers 200 for a floor equal to the cap and a VAT rate with two decimals', async () => {
    // Arrange
    const { handler } = setUp();
    const body = aSchedule({ floorOre: 2_000_000, capOre: 2_000_000, vatPercent: 12.5 });

    // Act
    const response = await handler(put('2027', body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({ floorOre: 2_000_000, capOre: 2_000_000, vatPercent: 12.5 });
  });

  it.each([['abc'], ['1999'], ['2101'], ['2027.5'], ['-2027'], ['']])(
    'answers 400 naming year for the year %j, calling no port',
    async (year) => {
      // Arrange
      const { handler, feeSchedules } = setUp();

      // Act
      const response = await handler(put(year, aSchedule()), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'year')).toEqual(['year']);
      expect(feeSchedules.calls).toEqual([]);
    },
  );

  it.each([
    ['the floor is not whole kronor', aSchedule({ floorOre: 1_000_050 }), ['floorOre']],
    ['the cap is not whole kronor', aSchedule({ capOre: 50_000_001 }), ['capOre']],
    ['the cap is below the floor', aSchedule({ floorOre: 2_000_000, capOre: 1_000_000 }), ['capOre']],
    ['VAT has three decimals', aSchedule({ vatPercent: 25.555 }), ['vatPercent']],
    ['VAT is over 100 %', aSchedule({ vatPercent: 125 }), ['vatPercent']],
    ['VAT is negative', aSchedule({ vatPercent: -25 }), ['vatPercent']],
    ['VAT is a string', aSchedule({ vatPercent: '25' }), ['vatPercent']],
    ['the rate has decimals', aSchedule({ orePerInhabitant: 150.5 }), ['orePerInhabitant']],
    ['the rate is a string', aSchedule({ orePerInhabitant: '150' }), ['orePerInhabitant']],
    ['the rate is missing', aSchedule({ orePerInhabitant: undefined }), ['orePerInhabitant']],
    ['the floor is null', aSchedule({ floorOre: null }), ['floorOre']],
    ['the floor is negative', aSchedule({ floorOre: -100 }), ['floorOre']],
    ['the policy is unknown', aSchedule({ partialYearPolicy: 'monthly' }), ['partialYearPolicy']],
    ['example is a string', aSchedule({ example: 'true' }), ['example']],
    ['there is an unknown key', aSchedule({ year: 2027 }), ['year']],
    [
      'there are two unknown keys',
      aSchedule({ floorKronor: 10_000, capKronor: 500_000 }),
      ['floorKronor', 'capKronor'],
    ],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, paths) => {
    // Arrange
    const { handler, feeSchedules } = setUp();

    // Act
    const response = await handler(put('2027', body), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, ...paths)).toEqual(paths);
    expect(feeSchedules.calls).toEqual([]);
  });

  it('answers 400 with the issues of both floor and cap when neither is whole kronor', async () => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(
      put('2027', aSchedule({ floorOre: 1_000_001, capOre: 999_999 })),
      lambdaContext,
    );

    // Assert
    expect(expectValidationFailure(response)).toEqual(['floorOre', 'capOre', 'capOre']);
  });

  it.each([['[]'], ['"schedule"'], ['null'], ['42']])(
    'answers 400 for the JSON body %s, which is not an object',
    async (body) => {
      // Arrange
      const { handler, feeSchedules } = setUp();

      // Act
      const response = await handler(putRaw('2027', body), lambdaContext);

      // Assert
      expectValidationFailure(response);
      expect(feeSchedules.calls).toEqual([]);
    },
  );

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body sent as text/csv, storing nothing', async () => {
    // Arrange
    const { handler, feeSchedules } = setUp();
    const event = { ...put('2027', aSchedule()), headers: { 'content-type': 'text/csv' } };

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(feeSchedules.calls).toEqual([]);
  });
});

const OK_OR_CLIENT_ERROR = [200, 400, 413, 415];

/** Mostly the well-formed value, sometimes a plausible mistake. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, mistake: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: mistake, weight: 1 });

const wholeKronorInOre = (max: number) => fc.integer({ min: 0, max }).map((kronor) => kronor * 100);

/** Schedules close to valid, so that both 200 and 400 come up, sometimes with extra keys. */
const nearlyValidSchedule = fc
  .record(
    {
      orePerInhabitant: mostly(fc.integer({ min: 0, max: 100_000 }), fc.oneof(fc.double(), fc.string())),
      floorOre: mostly(wholeKronorInOre(10_000), fc.integer()),
      capOre: mostly(wholeKronorInOre(1_000_000), fc.integer()),
      vatPercent: mostly(
        fc.constantFrom(0, 6, 12, 25, 12.5),
        fc.oneof(fc.double({ noNaN: true }), fc.jsonValue()),
      ),
      partialYearPolicy: mostly(fc.constantFrom('full-year', 'pro-rata-by-month', 'none'), fc.string()),
      example: mostly(fc.boolean(), fc.jsonValue()),
    },
    { requiredKeys: ['orePerInhabitant', 'floorOre', 'capOre', 'vatPercent'] },
  )
  .chain((schedule) =>
    mostly(
      fc.constant({}),
      fc.dictionary(
        fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'year', 'indexedFrom')),
        fc.jsonValue(),
        { minKeys: 1, maxKeys: 2 },
      ),
    ).map((extra) => ({ ...extra, ...schedule })),
  );

describe('PUT /api/admin/fee-schedules/{year} for any JSON body', () => {
  it('answers 200 or a 4xx client error, never 5xx, and stores only when it answers 200', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), nearlyValidSchedule), async (body) => {
        // Arrange
        const { handler, feeSchedules } = setUp();

        // Act
        const response = await handler(put('2027', body), lambdaContext);

        // Assert
        seen.add(response.statusCode ?? 0);
        expect(OK_OR_CLIENT_ERROR).toContain(response.statusCode);
        if (response.statusCode === 200) {
          expect(feeSchedules.callsTo('save')).toHaveLength(1);
        } else {
          expect(feeSchedules.calls).toEqual([]);
          ErrorBody.parse(bodyOf(response));
        }
      }),
      { numRuns: 500 },
    );
    // The generators must reach both sides, or the property proves nothing about storing.
    expect([...seen].sort()).toEqual([200, 400]);
  });
});
