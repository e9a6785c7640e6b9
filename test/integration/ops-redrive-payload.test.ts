import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { DynamoDbSuppressionList } from '../../functions/adapters/dynamodb-suppression-list';
import { createHandler } from '../../functions/ses-feedback/on-ses-feedback-suppress';
import { sesFeedbackNotification } from '../../local/ses-local';
import { redrivePayload } from '../../scripts/ops/redrive-payload';
import { freshTable } from '../fixtures/dynamodb';

const bounceOf = (address: string) =>
  JSON.stringify(
    sesFeedbackNotification(
      address,
      { kind: 'bounce', bounceType: 'Permanent' },
      { feedbackId: 'fb-redrive', at: new Date('2026-11-27T08:00:00Z') },
    ),
  );

describe('the payload a dead letter is redriven with, on the real SES feedback handler', () => {
  it('wraps a bare SNS notification into the event the SES feedback function takes, which then suppresses', async () => {
    // Arrange: the real handler on the real suppression list (DynamoDB Local).
    const { client, tableName } = await freshTable('redrive-payload');
    const key = randomBytes(32);
    const suppressions = new DynamoDbSuppressionList(client, tableName, async () => key);
    const handler = createHandler(() => ({ suppressions }));
    const letter = JSON.stringify({
      Type: 'Notification',
      MessageId: 'sns-redriven',
      TopicArn: 'arn:aws:sns:eu-north-1:123456789012:feedback',
      Message: bounceOf('Gone.Person@Kommun.example'),
    });

    // Act
    const outcomes = await handler(JSON.parse(redrivePayload(letter)), {} as Context);

    // Assert
    expect(outcomes).toMatchObject([{ snsMessageId: 'sns-redriven', action: 'suppress', suppressed: 1 }]);
    expect(await suppressions.lookUp('gone.person@kommun.example')).toBeDefined();
  });
});
