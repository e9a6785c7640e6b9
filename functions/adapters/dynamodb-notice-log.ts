import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeLog } from '../../domain/ports';
import type { SendMarks } from '../shared/mail-once';

/**
 * Notice marks as `NOTICE#<key>` items (the key names ids, never an address): the domain's
 * mark-before-send (`mark`/`unmark`) and the consumers' per-mail send marks (`beginSend`…),
 * which carry a state (`sending` → `sent`). Kept like the domain's marks (no TTL: one small item
 * per mail, and this adapter has no clock of the local cloud to stamp an expiry with).
 */
export class DynamoDbNoticeLog implements NoticeLog, SendMarks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async mark(key: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: `NOTICE#${key}`, SK: 'NOTICE', type: 'notice' },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async unmark(key: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: { PK: `NOTICE#${key}`, SK: 'NOTICE' } }),
    );
  }

  async beginSend(key: string): Promise<'fresh' | 'sent' | 'interrupted'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            PK: `NOTICE#${key}`,
            SK: 'NOTICE',
            type: 'notice',
            state: 'sending',
          },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'fresh';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item?.state?.S === 'sent' ? 'sent' : 'interrupted';
    }
  }

  async confirmSend(key: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { PK: `NOTICE#${key}`, SK: 'NOTICE' },
        UpdateExpression: 'SET #state = :sent',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
  }

  async abandonSend(key: string): Promise<void> {
    await this.unmark(key);
  }
}
