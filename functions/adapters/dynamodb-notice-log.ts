import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeLog } from '../../domain/ports';

/** Notice marks as `NOTICE#<key>` items (the key names ids, never an address). */
export class DynamoDbNoticeLog implements NoticeLog {
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
}
