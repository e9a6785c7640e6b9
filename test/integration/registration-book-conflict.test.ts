import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbMeetingCalendar } from '../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../../functions/adapters/dynamodb-registration-book';
import { keys } from '../../functions/adapters/table-design';
import { aMeeting, fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

const NOW = '2027-02-01T10:00:00Z';
let serial = 0;
const aRegistration = (meeting: Meeting): Registration => ({
  id: `registration-${++serial}`,
  meetingId: meeting.id,
  name: 'Kim Karlsson',
  email: `person${serial}@kommun.example`,
  municipalityCode: '1480',
  role: 'municipal-ecologist',
  days: [...meeting.days],
  language: 'sv',
  receivedAt: NOW,
  consentedAt: NOW,
});
const received =
  (registration: Registration) =>
  (status: RegistrationStatus): PendingEvent => ({
    detailType: 'RegistrationReceived',
    detail: {
      registrationId: registration.id,
      meetingId: registration.meetingId,
      status,
      days: [...registration.days],
      municipalityCode: registration.municipalityCode,
      role: registration.role,
    },
  });

describe('experiment', () => {
  it('conflicts', async () => {
    const meeting = aMeeting({ capacity: 10, days: ['2027-03-10'] }, 'conflict');
    const { client, tableName } = await freshTable('conflict');
    const clock = fixedClock(NOW);
    const ids = sequentialIds('event');
    await new DynamoDbMeetingCalendar(client, tableName, clock, ids).schedule(meeting, {
      detailType: 'MeetingScheduled',
      detail: { meetingId: meeting.id, focusGroupId: meeting.focusGroupId, kind: meeting.kind, days: [...meeting.days], capacity: meeting.capacity },
    });
    const seen: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          seen.push(`${context.commandName}:${(error as Error).name}`);
          throw error;
        }
      },
      { step: 'initialize', name: 'observe' },
    );
    const book = new DynamoDbRegistrationBook(client, tableName, clock, ids);
    let holding = true;
    let holderConflicts = 0;
    const holder = async (n: number) => {
      while (holding) {
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                { ConditionCheck: { TableName: tableName, Key: keys.meeting(meeting.id), ConditionExpression: 'attribute_exists(PK)' } },
                { Put: { TableName: tableName, Item: { PK: `HOLDER#${n}`, SK: 'X' } } },
              ],
            }),
          );
        } catch {
          holderConflicts++;
        }
      }
    };
    const holders = Array.from({ length: 8 }, (_, n) => holder(n));
    const first = aRegistration(meeting);
    await book.register(first, received(first));
    const registrations = Array.from({ length: 40 }, () => aRegistration(meeting));
    const results = await Promise.allSettled(registrations.map(async (r, i) => { await new Promise((res) => setTimeout(res, i * 7)); return book.register(r, received(r)); }));
    holding = false;
    await Promise.all(holders);
    console.log(JSON.stringify({ holderConflicts, seen: seen.reduce<Record<string, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {}), rejected: results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)) }));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });
});
