import { describe, expect, it } from '@jest/globals';
import { createHandler } from '../../../../functions/http/get-meeting';
import { Meeting } from '../../../../functions/http/schemas';
import { aMeeting } from '../../../fixtures/builders';
import { apiEvent, bodyOf, errorOf, inMemoryPorts, lambdaContext } from '../http-test-kit';

const get = (meetingId?: string) =>
  apiEvent({
    method: 'GET',
    route: '/api/meetings/{meetingId}',
    headers: {},
    ...(meetingId ? { pathParameters: { meetingId } } : {}),
  });

describe('GET /api/meetings/{meetingId}', () => {
  it('answers 200 with the meeting in the contract’s shape, its close in Stockholm winter time', async () => {
    // Arrange
    const { ports } = await inMemoryPorts('2027-02-15T10:00:00Z', aMeeting({}, 'meeting-5'));
    const handler = createHandler(() => ports);

    // Act
    const response = await handler(get('meeting-5'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(Meeting.parse(bodyOf(response))).toMatchObject({
      id: 'meeting-5',
      days: ['2027-03-10', '2027-03-11'],
      venue: 'Stadshuset, Borås',
      registrationClosesAt: '2027-03-09T23:59:00+01:00',
    });
  });

  it('answers 404 MEETING_NOT_FOUND for an unknown id', async () => {
    // Arrange
    const { ports } = await inMemoryPorts('2027-02-15T10:00:00Z', aMeeting());
    const handler = createHandler(() => ports);

    // Act
    const response = await handler(get('meeting-404'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).error).toBe('MEETING_NOT_FOUND');
  });

  it('answers 400 naming meetingId when the path parameter is missing', async () => {
    // Arrange
    const { ports } = await inMemoryPorts('2027-02-15T10:00:00Z', aMeeting());
    const handler = createHandler(() => ports);

    // Act
    const response = await handler(get(), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues).toEqual([{ path: 'meetingId', message: expect.any(String) }]);
  });
});
