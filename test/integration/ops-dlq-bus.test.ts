import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { timerEventInput } from '../../functions/shared/event-envelope';
import type { LocalCloud } from '../../local/local-cloud';
import { EXIT, runOps } from '../../scripts/ops';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * `npm run ops -- dlq redrive` for the letters no function takes: a timer's (the schedule's input,
 * which is the event's envelope) and the outbox pipe's (a description of the failed stream batch).
 * Both are put on the bus again with PutEvents, through the local cloud's EventBridge API, and
 * handled by their consumers; a letter that cannot be redriven stays, with exit code 1.
 */
let cloud: LocalCloud;
let stateDir: string;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const ops = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const code = await runOps(
    [
      ...argv,
      '--state-dir',
      stateDir,
      '--table',
      cloud.tableName,
      '--dynamodb-endpoint',
      cloud.dynamoDbEndpoint,
    ],
    { out: (text) => (out += text), err: (text) => (err += text), env: {} },
  );
  return { code, out, err };
};

/** A letter as the deployed dead-letter queue of `owner` holds it, in the local cloud's file. */
const deadLetter = (owner: string, body: unknown) =>
  appendFileSync(
    join(stateDir, 'dead-letters.jsonl'),
    `${JSON.stringify({ rule: owner, event: body, error: 'the bus refused it', failedAt: new Date().toISOString() })}\n`,
  );

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'ops-dlq-bus-'));
  cloud = await startTestCloud({ stateDir });
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const admin = () => ({ authorization: `Bearer ${cloud.adminToken}` });

describe('npm run ops -- dlq redrive, for the timers and the pipe', () => {
  it('puts a timer letter’s event on the bus, where its consumer handles it', async () => {
    // Arrange: a meeting end whose timer fired while the bus refused it
    await cloud.settle();
    const meeting = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Timer som inte kom fram',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: ['2030-02-12'],
        startTime: '09:00',
        endTime: '10:00',
        onlineUrl: 'https://meet.example.org/timer',
        capacity: 10,
      },
      admin(),
    );
    await cloud.settle();
    const input = timerEventInput(`${meeting.body.id}-ended`, new Date('2030-02-12T09:00:00Z'), {
      detailType: 'MeetingEnded',
      detail: { meetingId: meeting.body.id, endsAt: '2030-02-12T09:00:00.000Z' },
    });
    deadLetter('timers', JSON.parse(input));
    const handledBefore = cloud.bus.delivered.get('invite-attendees-at-end') ?? 0;

    // Act
    const listed = await ops('dlq', 'list', '--json');
    const redriven = await ops('dlq', 'redrive', '--api', cloud.apiUrl);
    await cloud.settle();
    const after = await ops('dlq', 'list', '--json');

    // Assert
    expect(JSON.parse(listed.out).deadLetters).toMatchObject([
      { queue: 'MunicipalNetwork-local-dlq-timers', rule: 'timers' },
    ]);
    expect(redriven).toMatchObject({ code: EXIT.ok });
    expect(redriven.out).toContain('Redriven 1, failed again 0, left in the queue 0');
    expect(cloud.bus.received.has(JSON.parse(input).id)).toBe(true);
    expect(cloud.bus.delivered.get('invite-attendees-at-end')).toBe(handledBefore + 1);
    expect(JSON.parse(after.out).deadLetters).toEqual([]);
  });

  it('reads a pipe letter’s batch from the stream again and puts its events on the bus', async () => {
    // Arrange: a registration's events, and a pipe letter naming the batch its record was in
    await cloud.settle();
    const streams = new DynamoDBStreamsClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'eu-north-1',
      credentials,
    });
    const dynamo = new DynamoDBClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'eu-north-1',
      credentials,
    });
    try {
      const meeting = await api(
        cloud,
        'POST',
        '/api/admin/meetings',
        {
          title: 'Röret som läckte',
          focusGroupId: 'fair-trade',
          kind: 'digital',
          days: ['2030-03-12'],
          startTime: '09:00',
          endTime: '10:00',
          onlineUrl: 'https://meet.example.org/pipe',
          capacity: 10,
        },
        admin(),
      );
      await cloud.settle();
      const streamArn = (await dynamo.send(new DescribeTableCommand({ TableName: cloud.tableName }))).Table
        ?.LatestStreamArn as string;
      const records: Array<{ shardId: string; record: _Record }> = [];
      const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn })))
        .StreamDescription?.Shards;
      for (const shard of shards ?? []) {
        let iterator = (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shard.ShardId,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
          )
        ).ShardIterator;
        for (let page = 0; iterator && page < 50; page++) {
          const answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          for (const record of answer.Records ?? [])
            records.push({ shardId: shard.ShardId as string, record });
          if ((answer.Records ?? []).length === 0) break;
          iterator = answer.NextShardIterator;
        }
      }
      const scheduled = records.find(
        ({ record }) =>
          record.dynamodb?.NewImage?.detailType?.S === 'MeetingScheduled' &&
          (record.dynamodb?.NewImage?.detail?.S ?? '').includes(meeting.body.id),
      );
      if (!scheduled) throw new Error('the MeetingScheduled record is not in the stream');
      const sequence = scheduled.record.dynamodb?.SequenceNumber as string;
      deadLetter('outbox-pipe', {
        requestContext: { condition: 'RetryAttemptsExhausted' },
        DDBStreamBatchInfo: {
          shardId: scheduled.shardId,
          startSequenceNumber: sequence,
          endSequenceNumber: sequence,
          batchSize: 1,
          streamArn,
        },
      });
      deadLetter('outbox-pipe', { DDBStreamBatchInfo: { shardId: 'no-such-shard' } });
      const countedBefore = cloud.bus.attempted.get('count-meeting-scheduled') ?? 0;

      // Act
      const redriven = await ops('dlq', 'redrive', '--json', '--api', cloud.apiUrl);
      await cloud.settle();

      // Assert: the batch's event went on the bus again (a duplicate its consumers ignore), and the
      // letter that names no batch stayed, named, with exit code 1
      const result = JSON.parse(redriven.out);
      expect({ code: redriven.code, ...result }).toMatchObject({
        code: EXIT.failed,
        redriven: [{ rule: 'outbox-pipe' }],
        failedAgain: [
          { rule: 'outbox-pipe', error: 'The letter describes no stream batch (DDBStreamBatchInfo)' },
        ],
      });
      expect(cloud.bus.attempted.get('count-meeting-scheduled')).toBe(countedBefore + 1);
    } finally {
      streams.destroy();
      dynamo.destroy();
    }
  });
});
