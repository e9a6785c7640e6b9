import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { ValidationError } from '../../../domain/errors';
import { DynamoDbSuppressionList } from '../../../functions/adapters/dynamodb-suppression-list';
import { createHandler } from '../../../functions/ses-feedback/on-ses-feedback-suppress';
import { sesFeedbackNotification, snsEventOf } from '../../../local/ses-local';
import { freshTable } from '../../fixtures/dynamodb';

const context = {} as Context;
const KEY = randomBytes(32);

describe('on SES feedback: suppress', () => {
  let suppressions: DynamoDbSuppressionList;
  let handler: ReturnType<typeof createHandler>;
  let logged: string[];

  beforeAll(async () => {
    const { client, tableName } = await freshTable('ses-feedback');
    suppressions = new DynamoDbSuppressionList(client, tableName, async () => KEY);
    handler = createHandler(() => ({ suppressions }));
  });

  beforeEach(() => {
    // The logger writes JSON lines to stdout and stderr; capture them to check what reaches the log.
    logged = [];
    jest.replaceProperty(process.env, 'LOG_LEVEL', 'info');
    const capture = (chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const notify = (notification: unknown, messageId?: string) =>
    handler(snsEventOf(JSON.stringify(notification), messageId ? { messageId } : {}), context);

  it('puts the address of a permanent bounce on the list, and logs it without the address', async () => {
    // Arrange
    const address = 'Bounced.Person@Kommun.example';
    const notification = sesFeedbackNotification(
      address,
      { kind: 'bounce', bounceType: 'Permanent' },
      { feedbackId: 'fb-perm', at: new Date('2026-11-27T08:00:00Z') },
    );

    // Act
    const outcomes = await notify(notification, 'sns-1');

    // Assert
    expect(outcomes).toEqual([
      { snsMessageId: 'sns-1', action: 'suppress', eventType: 'Bounce', suppressed: 1, alreadySuppressed: 0 },
    ]);
    expect(await suppressions.lookUp('bounced.person@kommun.example')).toEqual({
      reason: 'BOUNCE',
      feedbackId: 'fb-perm',
      reportedAt: '2026-11-27T08:00:00.000Z',
    });
    expect(logged.join('')).toContain('"feedbackId":"fb-perm"');
    expect(logged.join('').toLowerCase()).not.toContain('bounced.person');
  });

  it('changes nothing when the same notification comes twice, or a complaint follows the bounce', async () => {
    // Arrange
    const address = 'twice@kommun.example';
    const bounce = sesFeedbackNotification(
      address,
      { kind: 'bounce', bounceType: 'Permanent' },
      { feedbackId: 'fb-a' },
    );
    await notify(bounce);
    const before = await suppressions.lookUp(address);

    // Act
    const [again] = await notify(bounce);
    const [complaint] = await notify(
      sesFeedbackNotification(address, { kind: 'complaint' }, { feedbackId: 'fb-b' }),
    );

    // Assert
    expect(again).toMatchObject({ suppressed: 0, alreadySuppressed: 1 });
    expect(complaint).toMatchObject({ suppressed: 0, alreadySuppressed: 1 });
    expect(await suppressions.lookUp(address)).toEqual(before);
    expect(before?.feedbackId).toBe('fb-a');
  });

  it('puts the recipient of a complaint on the list', async () => {
    // Act
    await notify(sesFeedbackNotification('complainer@kommun.example', { kind: 'complaint' }));

    // Assert
    expect(await suppressions.lookUp('complainer@kommun.example')).toMatchObject({ reason: 'COMPLAINT' });
  });

  it('only counts a transient bounce: the address may still get mail', async () => {
    // Act
    const [outcome] = await notify(
      sesFeedbackNotification('full.mailbox@kommun.example', { kind: 'bounce', bounceType: 'Transient' }),
    );

    // Assert
    expect(outcome).toMatchObject({ action: 'count', suppressed: 0 });
    expect(await suppressions.lookUp('full.mailbox@kommun.example')).toBeUndefined();
    const line = JSON.parse(logged.find((entry) => entry.includes('ses feedback handled')) ?? '{}');
    expect(line).toMatchObject({ action: 'count', bounceType: 'Transient', bounceSubType: 'MailboxFull' });
    expect(logged.join('')).not.toContain('full.mailbox');
  });

  it('throws garbage to the dead-letter queue after one error line, which holds no address', async () => {
    // Arrange: a Bounce whose recipient list is broken, quoting an address elsewhere in the message
    const garbage = {
      eventType: 'Bounce',
      mail: { messageId: 'm', destination: ['secret.person@kommun.example'] },
      bounce: { bounceType: 'Permanent' },
    };

    // Act
    const handling = notify(garbage, 'sns-garbage');

    // Assert
    await expect(handling).rejects.toBeInstanceOf(ValidationError);
    const errors = logged.filter((line) => line.includes('"level":"error"'));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0] ?? '{}')).toMatchObject({
      message: 'ses feedback failed',
      snsMessageId: 'sns-garbage',
      errorCode: 'VALIDATION_FAILED',
    });
    expect(logged.join('')).not.toContain('secret.person');
  });

  it('throws a message that is not JSON at all', async () => {
    await expect(handler(snsEventOf('{"eventType":'), context)).rejects.toBeInstanceOf(ValidationError);
  });
});
