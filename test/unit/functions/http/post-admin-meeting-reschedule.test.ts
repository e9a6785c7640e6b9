import { describe, expect, it } from '@jest/globals';
import type { Meeting } from '../../../../domain/meetings/meeting';
import { rescheduleMeeting } from '../../../../domain/meetings/reschedule-meeting';
import { createHandler } from '../../../../functions/http/post-admin-meeting-reschedule';
import { MeetingMoved } from '../../../../functions/http/schemas';
import { aMeeting } from '../../../fixtures/builders';
import { InMemoryMeetingCalendar, type InMemoryStore } from '../../../fixtures/in-memory-ports';
import { apiEvent, bodyOf, errorOf, inMemoryPorts, lambdaContext, snapshot } from '../http-test-kit';

// meeting-1 (aMeeting): physical, 2027-03-10 and -11, 09:30–16:00, Stadshuset, Borås; default close.
const NOW = '2027-02-15T10:00:00Z';

const post = (
  body: unknown,
  { meetingId = 'meeting-1', headers = { 'content-type': 'application/json' } } = {},
) =>
  apiEvent({
    route: '/api/admin/meetings/{meetingId}/reschedule',
    pathParameters: { meetingId },
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const setUp = async (...meetings: Meeting[]) => {
  const world = await inMemoryPorts(NOW, ...(meetings.length > 0 ? meetings : [aMeeting()]));
  return { ...world, handler: createHandler(() => world.ports) };
};

/** A calendar that hands out a copy of the meeting read before someone else moved it. */
class StaleReadCalendar extends InMemoryMeetingCalendar {
  constructor(
    store: InMemoryStore,
    private readonly stale: Meeting,
  ) {
    super(store);
  }

  override async meeting(): Promise<Meeting | undefined> {
    return structuredClone(this.stale);
  }
}

describe('POST /api/admin/meetings/{meetingId}/reschedule', () => {
  it('answers 200 with the moved meeting and its close in Stockholm time, storing it with MeetingRescheduled', async () => {
    // Arrange
    const { handler, store } = await setUp();

    // Act
    const response = await handler(
      post({ days: ['2027-03-17', '2027-03-18'], startTime: '10:00' }),
      lambdaContext,
    );

    // Assert
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(MeetingMoved.strict().parse(body)).toEqual({
      id: 'meeting-1',
      revision: 1,
      changed: true,
      days: ['2027-03-17', '2027-03-18'],
      startTime: '10:00',
      endTime: '16:00',
      venue: 'Stadshuset, Borås',
      registrationClosesAt: '2027-03-16T23:59:00+01:00',
    });
    expect(store.meetings.get('meeting-1')).toMatchObject({
      days: ['2027-03-17', '2027-03-18'],
      startTime: '10:00',
      revision: 1,
      registrationClosesAt: '2027-03-16T22:59:00.000Z',
    });
    expect(store.events.map((event) => event.detailType)).toEqual(['MeetingRescheduled']);
  });

  it('gives the close with the summer-time offset for a meeting moved into summer', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(post({ days: ['2027-04-05', '2027-04-06'] }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({ registrationClosesAt: '2027-04-04T23:59:00+02:00' });
  });

  it('answers 200 with changed: false for a move that changes nothing, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post({ startTime: '09:30', venue: 'Stadshuset, Borås' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      changed: false,
      revision: 0,
      days: ['2027-03-10', '2027-03-11'],
      registrationClosesAt: '2027-03-09T23:59:00+01:00',
    });
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['the body is an empty object', {}, ''],
    ['the time is not HH:MM', { startTime: '9.30' }, 'startTime'],
    ['the close has no offset', { registrationClosesAt: '2027-03-09T12:00:00' }, 'registrationClosesAt'],
    ['there are three days', { days: ['2027-03-17', '2027-03-18', '2027-03-19'] }, 'days'],
    ['the number of days changes', { days: ['2027-03-17'] }, 'days'],
    ['a physical meeting is given a link', { onlineUrl: 'https://meet.example.org/x' }, 'onlineUrl'],
    ['the body is not JSON', '{"days": [', ''],
  ])(
    'answers 400 VALIDATION_FAILED naming the field when %s, storing nothing',
    async (_label, body, path) => {
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
    },
  );

  it('answers 422 MEETING_IN_PAST when the new days lie before today, storing nothing', async () => {
    // Arrange: the clock reads 2027-02-15
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post({ days: ['2027-02-01', '2027-02-02'] }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('MEETING_IN_PAST');
    expect(snapshot(store)).toEqual(before);
  });

  it('refuses unknown keys with 400, naming each, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post({ startTime: '10:00', capacity: 50, status: 'x' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues).toEqual([
      { path: 'capacity', message: 'Unknown field' },
      { path: 'status', message: 'Unknown field' },
    ]);
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 415 for a body that is not declared JSON, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(
      post({ startTime: '10:00' }, { headers: { 'content-type': 'text/plain' } }),
      lambdaContext,
    );

    // Assert
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 404 MEETING_NOT_FOUND for an unknown meeting, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post({ startTime: '10:00' }, { meetingId: 'meeting-404' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).error).toBe('MEETING_NOT_FOUND');
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 400 for a meeting id that is no id', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post({ startTime: '10:00' }, { meetingId: 'meeting 1;' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.map((issue) => issue.path)).toEqual(['meetingId']);
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 422 MEETING_CANCELLED for a cancelled meeting, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp({ ...aMeeting(), status: 'cancelled', revision: 1 });
    const before = snapshot(store);

    // Act
    const response = await handler(post({ startTime: '10:00' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('MEETING_CANCELLED');
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 422 MEETING_STARTED once the meeting has begun, storing nothing', async () => {
    // Arrange
    const { handler, store, clock } = await setUp();
    clock.set('2027-03-10T08:30:00Z');
    const before = snapshot(store);

    // Act
    const response = await handler(post({ days: ['2027-03-17', '2027-03-18'] }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('MEETING_STARTED');
    expect(snapshot(store)).toEqual(before);
  });

  it('answers 409 MEETING_CHANGED when someone moved the meeting after it was read, keeping their move', async () => {
    // Arrange: the handler reads the meeting as it was; another admin's move is stored meanwhile
    const world = await inMemoryPorts(NOW, aMeeting());
    const stale = structuredClone(world.store.meetings.get('meeting-1') as Meeting);
    await rescheduleMeeting(world.ports, 'meeting-1', { startTime: '13:00' });
    const handler = createHandler(() => ({
      ...world.ports,
      meetings: new StaleReadCalendar(world.store, stale),
    }));
    const before = snapshot(world.store);

    // Act
    const response = await handler(post({ days: ['2027-03-17', '2027-03-18'] }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).error).toBe('MEETING_CHANGED');
    expect(snapshot(world.store)).toEqual(before);
    expect(world.store.meetings.get('meeting-1')).toMatchObject({ startTime: '13:00', revision: 1 });
    expect(world.store.events).toHaveLength(1);
  });
});
