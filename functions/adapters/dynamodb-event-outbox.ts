import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, EventOutbox, IdGenerator } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { transactWrite } from './dynamodb-transact';

/** DynamoDB's limit of items in one TransactWriteItems. */
export const TRANSACTION_ITEMS = 100;

/** Events alone in the single table's outbox (`EVENT#<id>`), in transactions of up to 100. */
export class DynamoDbEventOutbox implements EventOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async publish(events: readonly PendingEvent[]): Promise<string[]> {
    const published: string[] = [];
    for (let start = 0; start < events.length; start += TRANSACTION_ITEMS) {
      const now = this.clock.now();
      const puts = events
        .slice(start, start + TRANSACTION_ITEMS)
        .map((event) => outboxPut(this.table, event, { id: this.ids.newId(), now }));
      await transactWrite(this.db, { TransactItems: puts.map((put) => put.item) });
      published.push(...puts.map((put) => put.event.id));
    }
    return published;
  }
}
