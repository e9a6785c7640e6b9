import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Counters, MeetingFacts, StatisticsBook } from '../../domain/ports';
import { meetingYear } from '../../domain/statistics/count-event';
import { queryAll } from './dynamodb-query';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { GSI1, gsi1, keys } from './table-design';

/** Counters are attributes `c:<name>` of the item they count on; everything else is facts or keys. */
const COUNTER_PREFIX = 'c:';

const countersOf = (item: Record<string, unknown>): Counters =>
  Object.fromEntries(
    Object.entries(item)
      .filter(([name]) => name.startsWith(COUNTER_PREFIX))
      .map(([name, value]) => [name.slice(COUNTER_PREFIX.length), Number(value)]),
  );

const addExpression = (counters: Counters) => {
  const entries = Object.entries(counters).filter(([, amount]) => amount !== 0);
  return {
    UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(
      entries.map(([name], i) => [`#c${i}`, `${COUNTER_PREFIX}${name}`]),
    ),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, amount], i) => [`:c${i}`, amount])),
  };
};

/**
 * Statistics in the single table. A meeting's facts and counters are one item
 * (`STATS_MEETING#<id>`), listed per year on GSI1 (`STATS_YEAR#<year>`, by first day); a year's
 * counters of distinct people are one item (`STATS_YEAR#<year>`). Each addition is a transaction
 * of its once-marker (condition: absent) and an ADD on the counters, so it happens exactly once
 * however often an event arrives. Reading a year: one Query (its meetings) and one GetItem.
 */
export class DynamoDbStatisticsBook implements StatisticsBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async saveMeeting(facts: MeetingFacts): Promise<void> {
    const year = meetingYear(facts.days);
    const fields: Record<string, unknown> = {
      type: 'stats-meeting',
      meetingId: facts.meetingId,
      title: facts.title,
      focusGroupId: facts.focusGroupId,
      kind: facts.kind,
      days: facts.days,
      status: facts.status,
      GSI1PK: gsi1.statsMeetingsOfYear(year),
      GSI1SK: `${facts.days[0]}#${facts.meetingId}`,
    };
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.statsMeeting(facts.meetingId),
        // SET leaves the counters alone: they may have arrived before the facts.
        UpdateExpression: `SET ${Object.keys(fields)
          .map((_, i) => `#f${i} = :f${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((name, i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          Object.values(fields).map((value, i) => [`:f${i}`, value]),
        ),
      }),
    );
  }

  addOnce(key: string, meetingId: string, counters: Counters): Promise<boolean> {
    return this.once(keys.statsOnce(meetingId, key), keys.statsMeeting(meetingId), counters);
  }

  addOnceToYear(key: string, year: number, counters: Counters): Promise<boolean> {
    return this.once(keys.statsOnceYear(year, key), keys.statsYear(year), counters);
  }

  private async once(
    marker: { PK: string; SK: string },
    target: { PK: string; SK: string },
    counters: Counters,
  ): Promise<boolean> {
    const hasCounts = Object.values(counters).some((amount) => amount !== 0);
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...marker, type: 'stats-once' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...(hasCounts
            ? [{ Update: { TableName: this.table, Key: target, ...addExpression(counters) } }]
            : []),
        ],
      });
      return true;
    } catch (error) {
      if (
        cancellationCode(error, 0) === 'ConditionalCheckFailed' ||
        error instanceof ConditionalCheckFailedException
      )
        return false;
      throw error;
    }
  }

  async yearFigures(year: number) {
    const [items, yearItem] = await Promise.all([
      queryAll(this.db, {
        TableName: this.table,
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.statsMeetingsOfYear(year) },
      }),
      this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.statsYear(year), ConsistentRead: true }),
      ),
    ]);
    return {
      meetings: items.map((item) => ({
        meetingId: String(item.meetingId),
        title: String(item.title),
        focusGroupId: String(item.focusGroupId),
        kind: item.kind as MeetingFacts['kind'],
        days: (item.days as string[]).map(String),
        status: item.status as MeetingFacts['status'],
        counters: countersOf(item),
      })),
      year: yearItem.Item ? countersOf(yearItem.Item) : {},
    };
  }

  async clear(year: number, meetingIds: readonly string[]): Promise<void> {
    const doomed: Array<{ PK: string; SK: string }> = [keys.statsYear(year)];
    for (const meetingId of meetingIds) {
      doomed.push(keys.statsMeeting(meetingId));
      doomed.push(...(await this.partition(`STATS_ONCE#${meetingId}`)));
    }
    doomed.push(...(await this.partition(`STATS_ONCE_YEAR#${year}`)));
    for (let i = 0; i < doomed.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = doomed
        .slice(i, i + 25)
        .map((key) => ({ DeleteRequest: { Key: key } }));
      // BatchWrite may leave some undone under throttling: retry those until none is left.
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
        const result = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }),
        );
        requests = result.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      }
    }
  }

  private async partition(pk: string): Promise<Array<{ PK: string; SK: string }>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'PK, SK',
    });
    return items.map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
  }
}
