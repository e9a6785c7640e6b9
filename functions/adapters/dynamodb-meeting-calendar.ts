import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ErrorCode, NotFoundError, RuleViolationError } from '../../domain/errors';
import type { Meeting } from '../../domain/meetings/meeting';
import { seatDays } from '../../domain/meetings/meeting';
import type { Clock, IdGenerator, MeetingCalendar, MeetingContent } from '../../domain/ports';
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
  'scheduledDays',
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
        throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled already', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async revise(meetingId: string, content: MeetingContent, event: PendingEvent): Promise<void> {
    const current = await this.meeting(meetingId);
    if (!current) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
    const set = Object.entries(content).filter(([, value]) => value !== undefined);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':scheduled': 'scheduled' };
    set.forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
    });
    // A capacity never goes below the seats taken on a day (taken concurrently or not).
    const guards =
      content.capacity === undefined
        ? []
        : seatDays(current).map((day, i) => {
            names[`#d${i}`] = day;
            return `(attribute_not_exists(seatsTaken.#d${i}) OR seatsTaken.#d${i} <= :f${set.findIndex(([field]) => field === 'capacity')})`;
          });
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.meeting(meetingId),
              UpdateExpression: `SET ${set.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
              ConditionExpression: ['#status = :scheduled', ...guards].join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      });
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
        const now = await this.meeting(meetingId);
        if (now?.status === 'cancelled') {
          throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled', {
            cause: error,
          });
        }
        throw new RuleViolationError(
          ErrorCode.CAPACITY_BELOW_SEATS,
          'A day has more seats taken than the new capacity',
          { cause: error },
        );
      }
      throw error;
    }
  }

  async reschedule(meeting: Meeting, expectedRevision: number, event: PendingEvent): Promise<void> {
    const item = meetingItem(meeting);
    const set: Record<string, unknown> = {
      days: item.days,
      startTime: item.startTime,
      endTime: item.endTime,
      registrationClosesAt: item.registrationClosesAt,
      revision: item.revision,
      GSI1SK: item.GSI1SK,
      ...(item.venue ? { venue: item.venue } : {}),
      ...(item.onlineUrl ? { onlineUrl: item.onlineUrl } : {}),
      ...(item.scheduledDays ? { scheduledDays: item.scheduledDays } : {}),
    };
    const names = Object.fromEntries(Object.keys(set).map((field, i) => [`#f${i}`, field]));
    const values = Object.fromEntries(Object.values(set).map((value, i) => [`:f${i}`, value]));
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.meeting(meeting.id),
              // Only the fields a move changes: seat counters may change concurrently and must stay.
              UpdateExpression: `SET ${Object.keys(set)
                .map((_, i) => `#f${i} = :f${i}`)
                .join(', ')}${item.scheduledDays ? '' : ' REMOVE scheduledDays'}`,
              ConditionExpression:
                expectedRevision === 0
                  ? '#status = :scheduled AND (attribute_not_exists(#rev) OR #rev = :expected)'
                  : '#status = :scheduled AND #rev = :expected',
              ExpressionAttributeNames: { ...names, '#status': 'status', '#rev': 'revision' },
              ExpressionAttributeValues: {
                ...values,
                ':scheduled': 'scheduled',
                ':expected': expectedRevision,
              },
            },
          },
          outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      });
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
        const current = await this.meeting(meeting.id);
        if (!current)
          throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting', { cause: error });
        if (current.status === 'cancelled') {
          throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled', {
            cause: error,
          });
        }
        throw new ConflictError(
          ErrorCode.MEETING_CHANGED,
          'The meeting was changed meanwhile; read it again',
          {
            cause: error,
          },
        );
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
