import { describe, expect, it } from '@jest/globals';
import { createHandler } from '../../../../functions/http/get-meetings';
import { MeetingList } from '../../../../functions/http/schemas';
import { aMeeting } from '../../../fixtures/builders';
import { apiEvent, bodyOf, errorOf, inMemoryPorts, lambdaContext } from '../http-test-kit';

const get = () => apiEvent({ method: 'GET', route: '/api/meetings', headers: {} });

describe('GET /api/meetings', () => {
  it('answers 200 with upcoming scheduled meetings, soonest first, in the contract’s shape', async () => {
    // Arrange
    const { ports } = await inMemoryPorts(
      '2027-03-01T10:00:00Z',
      aMeeting({ days: ['2027-05-01'] }, 'later'),
      aMeeting({ days: ['2027-02-20'] }, 'past'),
      { ...aMeeting({ days: ['2027-04-01'] }, 'cancelled'), status: 'cancelled' },
      aMeeting({ days: ['2027-03-20'] }, 'sooner'),
    );
    const handler = createHandler(() => ports);

    // Act
    const response = await handler(get(), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const { meetings } = MeetingList.parse(bodyOf(response));
    expect(meetings.map((m) => m.id)).toEqual(['sooner', 'later']);
    expect(meetings[0]).toMatchObject({
      focusGroup: { id: 'environmental-strategy', name: 'Miljöstrategigruppen' },
      registrationClosesAt: '2027-03-19T23:59:00+01:00',
      seatsLeft: 2,
      registrationOpen: true,
    });
  });

  it('answers 200 with an empty list when nothing is planned', async () => {
    // Arrange
    const { ports } = await inMemoryPorts('2027-03-01T10:00:00Z');
    const handler = createHandler(() => ports);

    // Act
    const response = await handler(get(), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ meetings: [] });
  });

  it('answers 500 INTERNAL_ERROR without details when the calendar fails', async () => {
    // Arrange
    const { ports } = await inMemoryPorts('2027-03-01T10:00:00Z');
    const failing = {
      ...ports,
      meetings: {
        schedule: ports.meetings.schedule.bind(ports.meetings),
        meeting: ports.meetings.meeting.bind(ports.meetings),
        cancel: ports.meetings.cancel.bind(ports.meetings),
        reschedule: ports.meetings.reschedule.bind(ports.meetings),
        revise: ports.meetings.revise.bind(ports.meetings),
        upcoming: async () => {
          throw new Error('ProvisionedThroughputExceededException on table prod-secret');
        },
      },
    };
    const handler = createHandler(() => failing);

    // Act
    const response = await handler(get(), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).error).toBe('INTERNAL_ERROR');
    expect(response.body).not.toMatch(/ProvisionedThroughput|prod-secret/);
  });
});
