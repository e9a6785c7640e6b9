import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../domain/ports';
import { keys, TTL_ATTRIBUTE } from './table-design';

/**
 * How long a claim holds. Longer than a consumer's timeout (30 s), shorter than Lambda's first
 * async retry (about a minute): a delivery that died without releasing its claim (timeout, out of
 * memory) must not make the retries fail too and send the event to the dead-letter queue.
 */
export const LEASE_MS = 45_000;
/** Receipts outlive EventBridge's longest retry window (24 h) by far. */
const RECEIPT_TTL_S = 30 * 24 * 3600;

/** Thrown when another delivery of the same event is still being processed: retry later. */
export class EventInProgressError extends Error {
  constructor(consumer: string, eventId: string) {
    super(`Event ${eventId} is being processed by another invocation of ${consumer}`);
    this.name = 'EventInProgressError';
  }
}

/**
 * Makes a consumer idempotent under at-least-once delivery. A receipt per (consumer, event id) is
 * claimed with a conditional write before the work and completed after it; a duplicate delivery
 * finds the completed receipt and does nothing. If the work throws, the claim is released so the
 * retry can run it again.
 */
export class DynamoDbConsumerReceipts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async once<T>(
    consumer: string,
    eventId: string,
    work: () => Promise<T>,
  ): Promise<{ duplicate: boolean; result?: T }> {
    const key = keys.receipt(consumer, eventId);
    const now = this.clock.now().getTime();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, type: 'receipt', state: 'in-progress', leaseUntil: now + LEASE_MS },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :inProgress AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress', ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (error.Item?.state?.S === 'done') return { duplicate: true };
      throw new EventInProgressError(consumer, eventId);
    }
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      throw error;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #state = :done, #ttl = :ttl REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':done': 'done', ':ttl': Math.floor(now / 1000) + RECEIPT_TTL_S },
      }),
    );
    return { duplicate: false, result };
  }
}
