import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '../../../../domain/errors';
import { listUpcomingMeetings, showMeeting } from '../../../../domain/meetings/list-meetings';
import type { Meeting } from '../../../../domain/meetings/meeting';
import { aMeeting } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

const meetingOn = (
  id: string,
  days: string[],
  overrides: Partial<Parameters<typeof aMeeting>[0]> = {},
): Meeting => aMeeting({ days, registrationClosesAt: '2027-01-01T00:00:00Z', ...overrides }, id);

describe('listUpcomingMeetings', () => {
  it('lists upcoming meetings soonest first, by first day and then start time', async () => {
    // Arrange: stored out of order
    const { ports } = await inMemoryWorld(
      '2027-03-01T10:00:00Z',
      meetingOn('late', ['2027-05-01']),
      meetingOn('afternoon', ['2027-04-01'], { startTime: '13:00', endTime: '15:00' }),
      meetingOn('morning', ['2027-04-01'], { startTime: '08:00', endTime: '10:00' }),
      meetingOn('soon', ['2027-03-15', '2027-03-16']),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => m.id)).toEqual(['soon', 'morning', 'afternoon', 'late']);
  });

  it('leaves out meetings that are over and keeps one whose last day is today', async () => {
    // Arrange
    const { ports } = await inMemoryWorld(
      '2027-03-11T10:00:00Z',
      meetingOn('last-week', ['2027-03-04']),
      meetingOn('yesterday', ['2027-03-10']),
      meetingOn('second-day-today', ['2027-03-10', '2027-03-11']),
      meetingOn('tomorrow', ['2027-03-12']),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => m.id)).toEqual(['second-day-today', 'tomorrow']);
  });

  it('judges "today" by the Stockholm date: at 00:30 Stockholm, yesterday’s meeting is over', async () => {
    // Arrange: 2027-03-11T23:30Z is 2027-03-12 00:30 in Stockholm
    const { ports } = await inMemoryWorld(
      '2027-03-11T23:30:00Z',
      meetingOn('utc-today', ['2027-03-11']),
      meetingOn('stockholm-today', ['2027-03-12']),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => m.id)).toEqual(['stockholm-today']);
  });

  it('leaves out cancelled meetings', async () => {
    // Arrange
    const { ports } = await inMemoryWorld(
      '2027-03-01T10:00:00Z',
      { ...meetingOn('cancelled', ['2027-04-01']), status: 'cancelled' },
      meetingOn('on', ['2027-04-02']),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => m.id)).toEqual(['on']);
  });

  it('joins the Swedish name of the focus group, falling back to its id when unknown', async () => {
    // Arrange
    const { ports } = await inMemoryWorld(
      '2027-03-01T10:00:00Z',
      meetingOn('a', ['2027-04-01'], { focusGroupId: 'nature-conservation' }),
      meetingOn('b', ['2027-04-02'], { focusGroupId: 'gone-group' }),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => m.focusGroup)).toEqual([
      { id: 'nature-conservation', name: 'Naturvårdsgruppen' },
      { id: 'gone-group', name: 'gone-group' },
    ]);
  });

  it('shows whether registration is still open now', async () => {
    // Arrange
    const { ports } = await inMemoryWorld(
      '2027-03-01T10:00:00Z',
      meetingOn('closed', ['2027-04-01'], { registrationClosesAt: '2027-03-01T09:00:00Z' }),
      meetingOn('open', ['2027-04-02'], { registrationClosesAt: '2027-03-01T11:00:00Z' }),
    );

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings.map((m) => [m.id, m.registrationOpen])).toEqual([
      ['closed', false],
      ['open', true],
    ]);
  });

  it('is empty when nothing is planned', async () => {
    // Arrange
    const { ports } = await inMemoryWorld('2027-03-01T10:00:00Z');

    // Act
    const meetings = await listUpcomingMeetings(ports);

    // Assert
    expect(meetings).toEqual([]);
  });
});

describe('showMeeting', () => {
  it('shows one meeting with its focus group name', async () => {
    // Arrange
    const { ports } = await inMemoryWorld('2027-02-15T10:00:00Z', aMeeting({}, 'meeting-3'));

    // Act
    const view = await showMeeting(ports, 'meeting-3');

    // Assert
    expect(view).toMatchObject({
      id: 'meeting-3',
      focusGroup: { id: 'environmental-strategy', name: 'Miljöstrategigruppen' },
      registrationOpen: true,
      registrationClosesAt: '2027-03-09T23:59:00+01:00',
    });
  });

  it('answers MEETING_NOT_FOUND for an unknown id', async () => {
    // Arrange
    const { ports } = await inMemoryWorld('2027-02-15T10:00:00Z', aMeeting());

    // Act
    const result = showMeeting(ports, 'nope');

    // Assert
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    await expect(result).rejects.toMatchObject({ code: 'MEETING_NOT_FOUND' });
  });
});
