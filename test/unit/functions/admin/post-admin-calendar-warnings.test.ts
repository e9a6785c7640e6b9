import { describe, expect, it } from '@jest/globals';
import { CalendarWarnings } from '../../../../functions/http/calendar-schemas';
import { handler } from '../../../../functions/http/post-admin-calendar-warnings';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, jsonBody } from './admin-test-kit';

const post = (body: unknown, groups?: string[]) =>
  adminEvent({
    method: 'POST',
    route: '/api/admin/calendar/warnings',
    ...jsonBody(body),
    ...(groups ? { groups } : {}),
  });

/** Days as the admin page sends them. */
const get = (query?: { days: string }, groups?: string[]) =>
  post(query ? { days: query.days.split(',') } : {}, groups);

describe('POST /api/admin/calendar/warnings', () => {
  it('answers 200 with the warnings of each day asked, in their order', async () => {
    // Act
    const response = await handler(get({ days: '2027-03-26,2027-03-10,2027-01-06' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(CalendarWarnings.parse(bodyOf(response))).toEqual({
      warnings: [
        { day: '2027-03-26', kind: 'public-holiday', name: 'långfredagen' },
        { day: '2027-01-06', kind: 'public-holiday', name: 'trettondedag jul' },
      ],
    });
  });

  it('warns of the Christmas week and of a weekend', async () => {
    // Act
    const response = await handler(get({ days: '2026-12-28,2027-01-02' }), lambdaContext);

    // Assert
    expect(bodyOf(response)).toEqual({
      warnings: [
        { day: '2026-12-28', kind: 'christmas-week', name: 'julveckan' },
        { day: '2027-01-02', kind: 'weekend', name: 'lördag' },
      ],
    });
  });

  it('answers an empty list for ordinary weekdays', async () => {
    // Act
    const response = await handler(get({ days: '2027-03-10,2027-03-11' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ warnings: [] });
  });

  it.each([
    ['no days', {}],
    ['an empty list', { days: [] }],
    ['a date that does not exist', { days: ['2027-02-30'] }],
    ['a date in another format', { days: ['06/01/2027'] }],
    [
      '32 days',
      { days: Array.from({ length: 32 }, (_, i) => `2027-05-${String((i % 28) + 1).padStart(2, '0')}`) },
    ],
    ['an unknown key', { days: ['2027-03-10'], kind: 'physical' }],
  ])('answers 400 for %s', async (_label, body) => {
    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expectValidationFailure(response);
  });

  it('names days in the issue when the list is empty', async () => {
    // Act
    const response = await handler(post({ days: [] }), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'days')).toEqual(['days']);
  });

  it('answers 403 to the check-in desk: the warnings are the secretariat’s', async () => {
    // Act
    const response = await handler(get({ days: '2027-03-10' }, ['check-in']), lambdaContext);

    // Assert
    expectError(response, 403, 'FORBIDDEN');
  });
});
