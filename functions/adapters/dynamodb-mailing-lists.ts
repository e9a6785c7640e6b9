import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock, IdGenerator, MailingLists, Subscriber } from '../../domain/ports';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** Mailing lists under the focus group's partition: `SUBSCRIBER#<hash of the address>`. */
export class DynamoDbMailingLists implements MailingLists {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async request(subscriber: Subscriber): Promise<boolean> {
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.subscriber(subscriber.focusGroupId, subscriber.id),
                type: 'subscriber',
                ...subscriber,
              },
              // A pending request may be repeated (a new link is mailed); an active address stays as it is.
              ConditionExpression: 'attribute_not_exists(PK) OR #status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending' },
            },
          },
          outboxPut(
            this.table,
            {
              detailType: 'SubscriptionRequested',
              detail: { focusGroupId: subscriber.focusGroupId, subscriberId: subscriber.id },
            },
            { id: this.ids.newId(), now: this.clock.now() },
          ).item,
        ],
      });
      return true;
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async subscriber(focusGroupId: string, id: string): Promise<Subscriber | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.subscriber(focusGroupId, id), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Subscriber>(Item) : undefined;
  }

  async confirm(focusGroupId: string, id: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.subscriber(focusGroupId, id),
          UpdateExpression: 'SET #status = :active',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async remove(focusGroupId: string, id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.subscriber(focusGroupId, id) }));
  }

  async activeSubscribers(focusGroupId: string): Promise<Subscriber[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :subscriber)',
      FilterExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.focusGroup(focusGroupId).PK,
        ':subscriber': 'SUBSCRIBER#',
        ':active': 'active',
      },
    });
    return items.map((item) => withoutKeys<Subscriber>(item));
  }

  async markAnnounced(meetingId: string, subscriberId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.announced(meetingId, subscriberId), type: 'announced' },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async unmarkAnnounced(meetingId: string, subscriberId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: keys.announced(meetingId, subscriberId) }),
    );
  }
}
