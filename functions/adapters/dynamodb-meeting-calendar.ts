import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { RuleViolationError } from '../../domain/errors';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Clock, IdGenerator, MeetingCalendar } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { GSI1, gsi1, keys } from './table-design';

const MEETING_FIELDS = [
  'id',
  'title',
  'focusGroupId',
  'kind',
  'days',
  'startTime',
  'endTime',
  'venue',
  'onlineUrl',
  'capacity',
  'registrationClosesAt',
  'status',
  'seatsTaken',
  'waitlisted',
  'revision',
  'programme',
  'speakers',
  'partners',
] as const;

/** Reads a meeting item back into the domain shape, dropping storage attributes. */
export const meetingFromItem = (item: Record<string, unknown>): Meeting =>
  Object.fromEntries(
    MEETING_FIELDS.filter((field) => item[field] !== undefined).map((f) => [f, item[f]]),
  ) as unknown as Meeting;

export const meetingItem = (meeting: Meeting) => ({
  ...keys.meeting(meeting.id),
  GSI1PK: gsi1.meetings,
  // Sorted by last day so "upcoming" is one range query: last day on or after today.
  GSI1SK: `${meeting.days[meeting.days.length - 1]}#${meeting.id}`,
  type: 'meeting',
  ...meeting,
});

/** Meetings in the single table: `MEETING#<id>` / `MEETING`, listed through GSI1 `MEETINGS`. */
export class DynamoDbMeetingCalendar implements MeetingCalendar {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async schedule(meeting: Meeting, event: PendingEvent): Promise<void> {
    const outbox = outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() });
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: meetingItem(meeting),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          outbox.item,
        ],
      }),
    );
  }

  async cancel(meeting: Meeting, event: PendingEvent): Promise<void> {
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.meeting(meeting.id),
              UpdateExpression: 'SET #status = :cancelled, revision = :revision',
              ConditionExpression: '#status = :scheduled',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':cancelled': 'cancelled',
                ':scheduled': 'scheduled',
                ':revision': (meeting.revision ?? 0) + 1,
              },
            },
          },
          outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      });
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
        throw new RuleViolationError('MEETING_CANCELLED', 'The meeting is cancelled already', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async meeting(id: string): Promise<Meeting | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.meeting(id), ConsistentRead: true }),
    );
    return Item ? meetingFromItem(Item) : undefined;
  }

  async upcoming(fromDate: string): Promise<Meeting[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: GSI1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
      ExpressionAttributeValues: { ':pk': gsi1.meetings, ':from': fromDate },
    });
    return items.map(meetingFromItem);
  }
}
