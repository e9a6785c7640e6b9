import { describe, expect, it } from '@jest/globals';
import { ConflictError } from '../../../../domain/errors';
import type { FeeSchedule } from '../../../../domain/fees/fee-schedule';
import type { Principal } from '../../../../domain/invoicing/invoice';
import type { FeeScheduleBook, YearBook } from '../../../../domain/ports';
import { YearClosing } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/post-admin-year-close';
import { fixedClock } from '../../../fixtures/builders';
import { examplePrincipal } from '../adapters/invoice-fixtures';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

const schedule2027: FeeSchedule = {
  year: 2027,
  orePerInhabitant: 150,
  floorOre: 1_000_000,
  capOre: 50_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
};

const post = (year: string) =>
  adminEvent({ method: 'POST', route: '/api/admin/years/{year}/close', pathParameters: { year } });

const setUp = ({
  now = '2027-01-08T09:00:00Z',
  close = async () => {},
  schedules = [schedule2027],
  principals = [examplePrincipal],
}: {
  now?: string;
  close?: YearBook['close'];
  schedules?: FeeSchedule[];
  principals?: Principal[];
} = {}) => {
  const years = fakePort<YearBook>({ close });
  const feeSchedules = fakePort<FeeScheduleBook>({
    schedule: async (year) => schedules.find((schedule) => schedule.year === year),
  });
  const registry = { principals: async () => principals };
  const ports = { years: years.port, feeSchedules: feeSchedules.port, registry, clock: fixedClock(now) };
  return { years, feeSchedules, handler: createHandler(() => ports) };
};

describe('POST /api/admin/years/{year}/close', () => {
  it('answers 202 closing, and closes the year once with YearClosed', async () => {
    // Arrange
    const { handler, years } = setUp({ now: '2027-01-08T09:00:00Z' });

    // Act
    const response = await handler(post('2026'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(202);
    expect(YearClosing.parse(bodyOf(response))).toEqual({
      year: 2026,
      closedAt: '2027-01-08T09:00:00.000Z',
      status: 'closing',
    });
    expect(years.callsTo('close')).toEqual([
      [
        2026,
        '2027-01-08T09:00:00.000Z',
        { detailType: 'YearClosed', detail: { year: 2026, closedAt: '2027-01-08T09:00:00.000Z' } },
      ],
    ]);
  });

  it('answers 202 half an hour into the new year in Stockholm, still 31 December in UTC', async () => {
    // Arrange
    const { handler } = setUp({ now: '2026-12-31T23:30:00Z' });

    // Act
    const response = await handler(post('2026'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(202);
  });

  it.each([
    ['on New Year’s Eve in Stockholm', '2026-12-31T22:30:00Z'],
    ['in the middle of the year', '2026-06-15T10:00:00Z'],
  ])('answers 422 YEAR_NOT_ENDED %s, closing nothing', async (_label, now) => {
    // Arrange
    const { handler, years } = setUp({ now });

    // Act
    const response = await handler(post('2026'), lambdaContext);

    // Assert
    expectError(response, 422, 'YEAR_NOT_ENDED');
    expect(years.calls).toEqual([]);
  });

  it('answers 422 FEE_SCHEDULE_MISSING when the next year has no schedule, closing nothing', async () => {
    // Arrange
    const { handler, years } = setUp({ schedules: [] });

    // Act
    const response = await handler(post('2026'), lambdaContext);

    // Assert
    expectError(response, 422, 'FEE_SCHEDULE_MISSING');
    expect(years.calls).toEqual([]);
  });

  it('answers 409 YEAR_ALREADY_CLOSED when the year book says it was closed before', async () => {
    // Arrange
    const { handler } = setUp({
      close: async () => {
        throw new ConflictError('YEAR_ALREADY_CLOSED', '2026 was closed on 2027-01-02');
      },
    });

    // Act
    const response = await handler(post('2026'), lambdaContext);

    // Assert
    expect(expectError(response, 409, 'YEAR_ALREADY_CLOSED').message).toBe('2026 was closed on 2027-01-02');
  });

  it.each([['abc'], ['1999'], ['2101'], ['2026.5']])(
    'answers 400 naming year for %j, calling no port',
    async (year) => {
      // Arrange
      const { handler, years, feeSchedules } = setUp();

      // Act
      const response = await handler(post(year), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'year')).toEqual(['year']);
      expect([...years.calls, ...feeSchedules.calls]).toEqual([]);
    },
  );
});

describe('POST /api/admin/years/{year}/close without a principal', () => {
  it('answers 422 NO_PRINCIPAL and closes nothing when no principal runs the network that day', async () => {
    // Arrange: the only principal ended before the closing day
    const { handler, years } = setUp({
      now: '2027-01-08T09:00:00Z',
      principals: [{ ...examplePrincipal, validFrom: '2020-01-01', validTo: '2026-12-31' }],
    });
    // Act
    const response = await handler(post('2026'), lambdaContext);
    // Assert
    expectError(response, 422, 'NO_PRINCIPAL');
    expect(years.calls).toEqual([]);
  });
});
