import { randomUUID } from 'node:crypto';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { EventBridgeEvent } from 'aws-lambda';
import { OUTBOX_STREAM_FILTER } from '../functions/adapters/table-design';
import { describeError, logger } from '../functions/shared/logger';
import { matchesEventPattern } from './event-pattern-matcher';

export interface StreamPipe {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the deployed EventBridge Pipe does, locally: read the table's stream, keep only records
 * that match OUTBOX_STREAM_FILTER (the same filter the CDK pipe deploys), and put each as an event
 * on the bus with `source` and `detail-type` taken from the item and the stream record as detail.
 */
export const toBusEvent = (record: _Record): EventBridgeEvent<string, unknown> => {
  const image = record.dynamodb?.NewImage ?? {};
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': String(image.detailType?.S),
    source: String(image.source?.S),
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-north-1',
    resources: [],
    // The stream record as JSON, like the pipe's default payload (no input template).
    detail: JSON.parse(JSON.stringify(record)),
  };
};

/**
 * Polls every shard of the stream. Starts at LATEST for shards open at start-up (earlier events
 * were handled by an earlier run) and at TRIM_HORIZON for shards that appear later.
 */
export const startStreamPipe = async (options: {
  client: DynamoDBStreamsClient;
  streamArn: string;
  put: (event: EventBridgeEvent<string, unknown>) => void;
  pollMs?: number;
}): Promise<StreamPipe> => {
  const pollMs = options.pollMs ?? 25;
  const iterators = new Map<string, string | undefined>();
  const known = new Set<string>();
  let running = true;

  const discover = async (initial: boolean) => {
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await options.client.send(
        new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId;
        if (!shardId || known.has(shardId)) continue;
        known.add(shardId);
        const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber);
        if (initial && closed) continue;
        const { ShardIterator } = await options.client.send(
          new GetShardIteratorCommand({
            StreamArn: options.streamArn,
            ShardId: shardId,
            ShardIteratorType: initial ? 'LATEST' : 'TRIM_HORIZON',
          }),
        );
        iterators.set(shardId, ShardIterator);
      }
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
  };

  await discover(true);

  const loop = (async () => {
    let lastDiscovery = Date.now();
    while (running) {
      let sawRecords = false;
      for (const [shardId, iterator] of iterators) {
        if (!iterator) {
          iterators.delete(shardId);
          continue;
        }
        try {
          const { Records, NextShardIterator } = await options.client.send(
            new GetRecordsCommand({ ShardIterator: iterator }),
          );
          iterators.set(shardId, NextShardIterator);
          for (const record of Records ?? []) {
            sawRecords = true;
            if (matchesEventPattern(OUTBOX_STREAM_FILTER, record as unknown as Record<string, unknown>)) {
              options.put(toBusEvent(record));
            }
          }
        } catch (error) {
          if (!running) return;
          logger.warn('local pipe: reading the stream failed, retrying', describeError(error));
          await sleep(500);
        }
      }
      if (iterators.size === 0 || Date.now() - lastDiscovery > 1000) {
        try {
          await discover(false);
        } catch (error) {
          if (!running) return;
          logger.warn('local pipe: describing the stream failed', describeError(error));
        }
        lastDiscovery = Date.now();
      }
      if (!sawRecords) await sleep(pollMs);
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
};
