import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock, EvaluationAnswer, EvaluationBook, IdGenerator } from '../../domain/ports';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { keys } from './table-design';

/**
 * Evaluations under the meeting's partition. The answer item (`ANSWER#<random>`) carries no
 * registration id and no time, and its id is not derived from the person, so nothing in the table
 * links an answer to who gave it; the marker (`EVALUATED#<registrationId>`) holds no answer.
 */
export class DynamoDbEvaluationBook implements EvaluationBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async answer(
    meetingId: string,
    registrationId: string,
    answer: EvaluationAnswer,
  ): Promise<'stored' | 'already'> {
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.evaluated(meetingId, registrationId), type: 'evaluated' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.evaluationAnswer(meetingId, randomUUID()),
                type: 'evaluation-answer',
                meetingId,
                ...answer,
              },
            },
          },
          outboxPut(
            this.table,
            {
              detailType: 'EvaluationSubmitted',
              detail: { meetingId, satisfaction: answer.satisfaction, usefulness: answer.usefulness },
            },
            { id: this.ids.newId(), now: this.clock.now() },
          ).item,
        ],
      });
      return 'stored';
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') return 'already';
      throw error;
    }
  }

  async hasAnswered(meetingId: string, registrationId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.evaluated(meetingId, registrationId),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async markInvited(meetingId: string, registrationId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.evaluationInvited(meetingId, registrationId),
            type: 'evaluation-invited',
            registrationId,
            invitedAt: this.clock.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async unmarkInvited(meetingId: string, registrationId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: keys.evaluationInvited(meetingId, registrationId) }),
    );
  }

  async invitations(meetingId: string): Promise<Array<{ registrationId: string; invitedAt: string }>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :invited)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':invited': 'EVALUATION_INVITED#' },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      registrationId: String(item.SK).slice('EVALUATION_INVITED#'.length),
      invitedAt: String(item.invitedAt),
    }));
  }

  async answers(meetingId: string): Promise<EvaluationAnswer[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :answer)',
        ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':answer': 'ANSWER#' },
      }),
    );
    return (Items ?? []).map((item) => ({
      satisfaction: Number(item.satisfaction),
      usefulness: Number(item.usefulness),
      ...(item.comment ? { comment: String(item.comment) } : {}),
    }));
  }
}
