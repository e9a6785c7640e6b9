import { describe, expect, it } from '@jest/globals';
import {
  DynamoDbConsumerReceipts,
  EventInProgressError,
} from '../../functions/adapters/dynamodb-consumer-receipts';
import { fixedClock } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

describe('DynamoDbConsumerReceipts', () => {
  it('runs the work once per consumer and event id, however often the event arrives', async () => {
    // Arrange
    const { client, tableName } = await freshTable('receipts');
    const receipts = new DynamoDbConsumerReceipts(client, tableName, fixedClock('2027-01-01T00:00:00Z'));
    let runs = 0;
    const work = async () => ++runs;
    // Act
    const first = await receipts.once('mailer', 'event-1', work);
    const second = await receipts.once('mailer', 'event-1', work);
    const otherConsumer = await receipts.once('statistics', 'event-1', work);
    // Assert
    expect(first).toEqual({ duplicate: false, result: 1 });
    expect(second).toEqual({ duplicate: true });
    expect(otherConsumer).toEqual({ duplicate: false, result: 2 });
    expect(runs).toBe(2);
  });

  it('releases the claim when the work fails, so the retry runs it', async () => {
    const { client, tableName } = await freshTable('receipts');
    const receipts = new DynamoDbConsumerReceipts(client, tableName, fixedClock('2027-01-01T00:00:00Z'));

    await expect(
      receipts.once('mailer', 'event-2', async () => {
        throw new Error('SES throttled');
      }),
    ).rejects.toThrow('SES throttled');
    const retry = await receipts.once('mailer', 'event-2', async () => 'sent');

    expect(retry).toEqual({ duplicate: false, result: 'sent' });
  });

  it('refuses a concurrent delivery while the first holds the lease, and lets a later one take over a stale lease', async () => {
    const { client, tableName } = await freshTable('receipts');
    const clock = fixedClock('2027-01-01T00:00:00Z');
    const receipts = new DynamoDbConsumerReceipts(client, tableName, clock);
    let release: () => void = () => undefined;
    const slow = receipts.once(
      'mailer',
      'event-3',
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    await expect(receipts.once('mailer', 'event-3', async () => 'second')).rejects.toBeInstanceOf(
      EventInProgressError,
    );
    release();
    expect(await slow).toEqual({ duplicate: false, result: 'first' });

    // A crashed invocation leaves an in-progress claim; after the lease a redelivery takes over.
    const crashed = new DynamoDbConsumerReceipts(client, tableName, clock);
    const never = crashed.once('mailer', 'event-4', () => new Promise<string>(() => undefined));
    void never;
    await new Promise((resolve) => setTimeout(resolve, 100));
    clock.set('2027-01-01T00:06:00Z');
    expect(await receipts.once('mailer', 'event-4', async () => 'taken over')).toEqual({
      duplicate: false,
      result: 'taken over',
    });
  });
});
