import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { logAttendance } from '../../../domain/attendance/log-attendance';
import {
  sendEvaluationInvitation,
  showEvaluation,
  submitEvaluation,
} from '../../../domain/evaluations/evaluate-meeting';
import { registerForMeeting } from '../../../domain/meetings/register-for-meeting';
import { mailComposer } from '../../../formats/mail/mail-composer';
import { DynamoDbAttendanceLog } from '../../../functions/adapters/dynamodb-attendance-log';
import { DynamoDbMemberDirectory } from '../../../functions/adapters/dynamodb-directory';
import { DynamoDbEvaluationBook } from '../../../functions/adapters/dynamodb-evaluation-book';
import { DynamoDbMeetingCalendar } from '../../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../../../functions/adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../../../functions/adapters/hmac-link-tokens';
import { HmacPseudonyms } from '../../../functions/adapters/hmac-pseudonyms';
import {
  aMeeting,
  aRegistrationRequest,
  fixedClock,
  municipalities,
  sequentialIds,
} from '../../fixtures/builders';
import { freshTable } from '../../fixtures/dynamodb';
import { RecordingMailer } from '../../fixtures/in-memory-ports';

/** A one-day meeting on 2027-03-10, 09:30–16:00 Stockholm (ends 15:00Z), on DynamoDB Local. */
const world = async () => {
  const { client, tableName } = await freshTable('evaluations');
  const clock = fixedClock('2027-02-15T10:00:00Z');
  const ids = sequentialIds('id');
  const members = new DynamoDbMemberDirectory(client, tableName);
  for (const municipality of municipalities()) await members.save(municipality);
  const mailer = new RecordingMailer();
  const ports = {
    clock,
    ids,
    members,
    mailer,
    siteUrl: 'https://network.example',
    linkTokens: new HmacLinkTokens(async () => Buffer.alloc(32, 3)),
    meetings: new DynamoDbMeetingCalendar(client, tableName, clock, ids),
    registrations: new DynamoDbRegistrationBook(client, tableName, clock, ids),
    attendance: new DynamoDbAttendanceLog(client, tableName, clock, ids),
    evaluations: new DynamoDbEvaluationBook(client, tableName, clock, ids),

    pseudonyms: new HmacPseudonyms(async () => Buffer.alloc(32, 4)),
    composer: mailComposer,
  };
  const meeting = aMeeting({ days: ['2027-03-10'], capacity: 10 }, 'meeting-e');
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
  const came = await registerForMeeting(
    ports,
    'meeting-e',
    aRegistrationRequest({ email: 'came@kommun.example' }),
  );
  const stayed = await registerForMeeting(
    ports,
    'meeting-e',
    aRegistrationRequest({ email: 'stayed@kommun.example' }),
  );
  clock.set('2027-03-10T15:30:00Z'); // after the end
  await logAttendance(ports, 'meeting-e', { day: '2027-03-10', registrationIds: [came.registrationId] });
  const tokenOf = (registrationId: string) =>
    ports.linkTokens.issue('evaluate-meeting', { meetingId: 'meeting-e', registrationId });
  const partition = async () =>
    (
      await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'MEETING#meeting-e' },
        }),
      )
    ).Items ?? [];
  return { ports, clock, mailer, came, stayed, tokenOf, partition };
};

describe('evaluations', () => {
  it('invites an attendee once, after the meeting, with a single-use link', async () => {
    // Arrange
    const { ports, clock, mailer, came } = await world();
    clock.set('2027-03-10T14:00:00Z'); // before the end
    const early = await sendEvaluationInvitation(ports, {
      meetingId: 'meeting-e',
      registrationId: came.registrationId,
    });
    clock.set('2027-03-10T15:30:00Z');
    // Act
    const first = await sendEvaluationInvitation(ports, {
      meetingId: 'meeting-e',
      registrationId: came.registrationId,
    });
    const again = await sendEvaluationInvitation(ports, {
      meetingId: 'meeting-e',
      registrationId: came.registrationId,
    });
    // Assert
    expect([early, first, again]).toEqual(['not-ended', 'sent', 'skipped']);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toBe('came@kommun.example');
    expect(mailer.sent[0]?.text).toMatch(/https:\/\/network\.example\/evaluate\?token=\S+/);
  });

  it('lets only attendees answer, once, and stores the answer without the person', async () => {
    const { ports, came, stayed, tokenOf, partition } = await world();
    const token = await tokenOf(came.registrationId);

    const form = await showEvaluation(ports, token);
    const stored = await submitEvaluation(ports, token, {
      satisfaction: 5,
      usefulness: 6,
      comment: 'Bra träff',
    });

    expect(form).toMatchObject({
      meeting: { title: expect.any(String), days: ['2027-03-10'] },
      answered: false,
    });
    expect(form.questions.map((q) => q.id)).toEqual(['satisfaction', 'usefulness']);
    expect(stored).toEqual({ status: 'stored' });
    await expect(submitEvaluation(ports, token, { satisfaction: 1, usefulness: 1 })).rejects.toMatchObject({
      code: 'ALREADY_ANSWERED',
    });
    await expect(showEvaluation(ports, await tokenOf(stayed.registrationId))).rejects.toMatchObject({
      code: 'EVALUATION_NOT_FOUND',
    });
    expect(await ports.evaluations.answers('meeting-e')).toEqual([
      { satisfaction: 5, usefulness: 6, comment: 'Bra träff' },
    ]);
    // Anonymity: the answer item names no person and no time; the marker holds no answer.
    const items = await partition();
    const answer = items.find((item) => String(item.SK).startsWith('ANSWER#'));
    const marker = items.find((item) => String(item.SK).startsWith('EVALUATED#'));
    expect(JSON.stringify(answer)).not.toContain(came.registrationId);
    expect(Object.keys(answer ?? {}).sort()).toEqual([
      'PK',
      'SK',
      'comment',
      'meetingId',
      'satisfaction',
      'type',
      'usefulness',
    ]);
    expect(Object.keys(marker ?? {}).sort()).toEqual(['PK', 'SK', 'type']);
  });

  it('refuses an answer before the meeting has ended', async () => {
    const { ports, clock, came, tokenOf } = await world();
    clock.set('2027-03-10T14:59:00Z');
    await expect(
      submitEvaluation(ports, await tokenOf(came.registrationId), { satisfaction: 4, usefulness: 4 }),
    ).rejects.toMatchObject({
      code: 'MEETING_NOT_ENDED',
    });
  });
});
