import { describe, expect, it } from '@jest/globals';
import { createHandler } from '../../../../functions/http/post-admin-meeting';
import { CreatedId } from '../../../../functions/http/schemas';
import { aMeetingPlan, sequentialIds } from '../../../fixtures/builders';
import { apiEvent, bodyOf, errorOf, inMemoryPorts, lambdaContext, snapshot } from '../http-test-kit';

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  apiEvent({ route: '/api/admin/meetings', body, headers });

const plan = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...aMeetingPlan(), ...overrides });

const setUp = async () => {
  const world = await inMemoryPorts('2027-02-15T10:00:00Z');
  const ports = { ...world.ports, ids: sequentialIds('meeting') };
  return { ...world, handler: createHandler(() => ports) };
};

describe('POST /api/admin/meetings', () => {
  it('answers 201 with the new id and stores the meeting with MeetingScheduled', async () => {
    // Arrange
    const { handler, store } = await setUp();

    // Act
    const response = await handler(post(plan({ title: '  Naturvårdsträff  ' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(CreatedId.parse(bodyOf(response))).toEqual({ id: 'meeting-1' });
    expect(store.meetings.get('meeting-1')?.title).toBe('Naturvårdsträff');
    expect(
      store.events.map((event) => [
        event.detailType,
        'meetingId' in event.detail ? event.detail.meetingId : undefined,
      ]),
    ).toEqual([['MeetingScheduled', 'meeting-1']]);
  });

  it('answers 404 FOCUS_GROUP_NOT_FOUND for an unknown group, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post(plan({ focusGroupId: 'climate-adaptation' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).error).toBe('FOCUS_GROUP_NOT_FOUND');
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['a physical meeting has no venue', plan({ venue: undefined }), 'venue'],
    ['the two days are not consecutive', plan({ days: ['2027-03-10', '2027-03-12'] }), 'days'],
    ['the end is before the start', plan({ startTime: '15:00', endTime: '09:00' }), 'endTime'],
    [
      'the link is plain http',
      plan({ kind: 'digital', venue: undefined, onlineUrl: 'http://meet.example.org' }),
      'onlineUrl',
    ],
    [
      'the link is javascript:',
      plan({ kind: 'digital', venue: undefined, onlineUrl: 'javascript:alert(1)' }),
      'onlineUrl',
    ],
    ['the time is not HH:MM', plan({ startTime: '9.30' }), 'startTime'],
    ['the capacity is zero', plan({ capacity: 0 }), 'capacity'],
    ['the title carries a line break', plan({ title: 'Möte\r\nBcc: x@example.com' }), 'title'],
    [
      'the close has no offset',
      plan({ registrationClosesAt: '2027-03-09T12:00:00' }),
      'registrationClosesAt',
    ],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.error).toBe('VALIDATION_FAILED');
    expect(error.issues?.map((issue) => issue.path)).toContain(path);
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['a day before today (issue 18)', plan({ days: ['2020-01-20'] })],
    ['yesterday', plan({ days: ['2027-02-14'] })],
    ['today at a time that has passed', plan({ days: ['2027-02-15'], startTime: '09:00', endTime: '12:00' })],
  ])('answers 422 MEETING_IN_PAST for %s, storing nothing', async (_label, body) => {
    // Arrange: the clock reads 2027-02-15 11:00 Stockholm
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('MEETING_IN_PAST');
    expect(snapshot(store)).toEqual(before);
  });

  it('accepts a meeting later today', async () => {
    // Arrange: the clock reads 2027-02-15 11:00 Stockholm
    const { handler, store } = await setUp();
    const body = plan({
      days: ['2027-02-15'],
      startTime: '14:00',
      endTime: '16:00',
      registrationClosesAt: '2027-02-15T13:00:00+01:00',
    });

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(store.meetings.get('meeting-1')?.days).toEqual(['2027-02-15']);
  });

  it('refuses an unknown key with 400, naming the key', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(post(plan({ status: 'cancelled' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues).toEqual([{ path: 'status', message: 'Unknown field' }]);
  });

  it('answers 415 for a body that is not declared JSON', async () => {
    // Arrange
    const { handler, store } = await setUp();

    // Act
    const response = await handler(post(plan(), { 'content-type': 'text/plain' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(store.meetings.size).toBe(0);
  });
});
