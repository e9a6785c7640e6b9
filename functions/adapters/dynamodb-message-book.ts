import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, IdGenerator, MeetingMessage, MessageBook } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

/** Messages under their meeting's partition (`MESSAGE#<id>`), each written with its event. */
export class DynamoDbMessageBook implements MessageBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async record(message: MeetingMessage, event: PendingEvent): Promise<void> {
    await transactWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.meetingMessage(message.meetingId, message.id),
              type: 'meeting-message',
              ...message,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() }).item,
      ],
    });
  }

  async message(meetingId: string, messageId: string): Promise<MeetingMessage | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.meetingMessage(meetingId, messageId),
        ConsistentRead: true,
      }),
    );
    return Item ? withoutKeys<MeetingMessage>(Item) : undefined;
  }

  async messagesOf(meetingId: string): Promise<MeetingMessage[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':message': 'MESSAGE#' },
    });
    return items
      .map((item) => withoutKeys<MeetingMessage>(item))
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || a.id.localeCompare(b.id));
  }
}
