import { describe, expect, it } from '@jest/globals';
import { logAttendance } from '../../../domain/attendance/log-attendance';
import { registerForMeeting } from '../../../domain/meetings/register-for-meeting';
import { DynamoDbAttendanceLog } from '../../../functions/adapters/dynamodb-attendance-log';
import { DynamoDbMemberDirectory } from '../../../functions/adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../../../functions/adapters/dynamodb-registration-book';
import { HmacPseudonyms } from '../../../functions/adapters/hmac-pseudonyms';
import {
  aMeeting,
  aRegistrationRequest,
  fixedClock,
  municipalities,
  sequentialIds,
} from '../../fixtures/builders';
import { freshTable } from '../../fixtures/dynamodb';

/** On DynamoDB Local: a one-day meeting on 2027-03-10, registration on 15 Feb, attendance on the day. */
const world = async () => {
  const { client, tableName } = await freshTable('attendance');
  const clock = fixedClock('2027-02-15T10:00:00Z');
  const ids = sequentialIds('id');
  const members = new DynamoDbMemberDirectory(client, tableName);
  for (const municipality of municipalities()) await members.save(municipality);
  const ports = {
    clock,
    ids,
    members,
    meetings: new DynamoDbMeetingCalendar(client, tableName, clock, ids),
    registrations: new DynamoDbRegistrationBook(client, tableName, clock, ids),
    attendance: new DynamoDbAttendanceLog(client, tableName, clock, ids),

    pseudonyms: new HmacPseudonyms(async () => Buffer.alloc(32, 4)),
  };
  const meeting = aMeeting({ days: ['2027-03-10'], capacity: 10 }, 'meeting-a');
  await ports.meetings.schedule(meeting, {
    detailType: 'MeetingScheduled',
    detail: {
      meetingId: meeting.id,
      focusGroupId: meeting.focusGroupId,
      kind: meeting.kind,
      days: [...meeting.days],
      capacity: 10,
    },
  });
  const register = (email: string) => registerForMeeting(ports, 'meeting-a', aRegistrationRequest({ email }));
  return { ports, clock, register };
};

describe('logAttendance', () => {
  it('logs each person once per day, matches by id and e-mail (any case), and returns what matched nothing', async () => {
    // Arrange
    const { ports, clock, register } = await world();
    const alex = await register('alex@kommun.example');
    const robin = await register('robin@kommun.example');
    clock.set('2027-03-10T15:00:00Z');
    // Act
    const first = await logAttendance(ports, 'meeting-a', {
      day: '2027-03-10',
      registrationIds: [alex.registrationId, 'no-such-id'],
      emails: [
        { email: 'ROBIN@kommun.example', line: 7 },
        { email: 'guest@elsewhere.example', line: 8 },
      ],
      walkIns: [{ name: 'Sam Walk', email: 'sam@kommun.example', municipalityCode: '1480', role: 'other' }],
    });
    const again = await logAttendance(ports, 'meeting-a', {
      day: '2027-03-10',
      registrationIds: [alex.registrationId],
      emails: [{ email: 'robin@kommun.example' }],
      walkIns: [{ name: 'Sam Walk', email: 'sam@kommun.example', role: 'other' }],
    });
    // Assert
    expect(first).toMatchObject({ logged: 3, alreadyLogged: 0 });
    expect(first.unmatched).toEqual([
      { value: 'no-such-id', reason: 'UNKNOWN_REGISTRATION' },
      { value: 'guest@elsewhere.example', reason: 'NOT_REGISTERED', line: 8 },
    ]);
    expect(again).toMatchObject({ logged: 0, alreadyLogged: 3, unmatched: [] });
    const present = await ports.attendance.attendees('meeting-a');
    expect(present.map((p) => p.registrationId).sort()).toEqual(
      [alex.registrationId, robin.registrationId, present.find((p) => p.walkIn)?.registrationId].sort(),
    );
    expect(present.filter((p) => p.walkIn)).toHaveLength(1);
    expect((await ports.meetings.meeting('meeting-a'))?.seatsTaken).toEqual({ '2027-03-10': 2 }); // a walk-in takes no seat
  });

  it('refuses a day the meeting does not have (400) and a day that has not come (422)', async () => {
    const { ports } = await world();

    await expect(logAttendance(ports, 'meeting-a', { day: '2027-03-11' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(logAttendance(ports, 'meeting-a', { day: '2027-03-10' })).rejects.toMatchObject({
      code: 'MEETING_NOT_HELD_YET',
    });
    await expect(logAttendance(ports, 'no-meeting', { day: '2027-03-10' })).rejects.toMatchObject({
      code: 'MEETING_NOT_FOUND',
    });
  });

  it('does not count a cancelled registration as present', async () => {
    const { ports, clock, register } = await world();
    const kim = await register('kim@kommun.example');
    await ports.registrations.cancel('meeting-a', kim.registrationId, (previousStatus) => ({
      detailType: 'RegistrationCancelled',
      detail: {
        registrationId: kim.registrationId,
        meetingId: 'meeting-a',
        previousStatus,
        municipalityCode: '1480',
        role: 'environmental-strategist',
      },
    }));
    clock.set('2027-03-10T15:00:00Z');

    const result = await logAttendance(ports, 'meeting-a', {
      day: '2027-03-10',
      registrationIds: [kim.registrationId],
      emails: [{ email: 'kim@kommun.example' }],
    });

    expect(result.logged).toBe(0);
    expect(result.unmatched.map((u) => u.reason)).toEqual(['CANCELLED', 'NOT_REGISTERED']);
  });
});
