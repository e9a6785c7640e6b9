import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventStore } from '../../domain/ports';
import type { StoredEvent } from '../../events/catalogue';
import { storedEventFromItem } from '../shared/event-envelope';
import { queryAll } from './dynamodb-query';
import { GSI1, gsi1 } from './table-design';

/** The outbox items of a year, through GSI1 (`EVENTS#<year>`, sorted by occurredAt then id). */
export class DynamoDbEventStore implements EventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async eventsOfYear(year: number): Promise<StoredEvent[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.eventsOfYear(String(year)) },
    });
    return items.map(storedEventFromItem);
  }
}
