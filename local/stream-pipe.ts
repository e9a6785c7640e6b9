import { randomUUID } from 'node:crypto';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { OUTBOX_PIPE_TARGET, OUTBOX_STREAM_FILTER } from '../functions/adapters/table-design';
import { handler as enrich } from '../functions/pipe/outbox-enrichment';
import {
  type BusEntry,
  busEntryOfStreamRecord,
  type OutboxStreamRecord,
} from '../functions/shared/event-envelope';
import { describeError, logger } from '../functions/shared/logger';
import { matchesEventPattern } from './event-pattern-matcher';

export interface StreamPipe {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON path of the pipe's target parameters (`$.a.b`), read from an enriched entry. */
const atPath = (entry: BusEntry, path: string): unknown =>
  path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((step) => step !== '')
    .reduce<unknown>((value, step) => (value as Record<string, unknown> | undefined)?.[step], entry);

/**
 * The PutEvents entry the deployed pipe makes of an enriched record, by the target parameters it
 * deploys (OUTBOX_PIPE_TARGET): source and detail type by their paths, the detail by the input
 * template (a single path, `<$.detail>`).
 */
export const putEventsEntry = (entry: BusEntry, eventBusName: string): PutEventsRequestEntry => {
  const template = /^<(\$[^>]*)>$/.exec(OUTBOX_PIPE_TARGET.inputTemplate);
  if (!template) throw new Error('The local pipe follows only a single-path input template');
  return {
    EventBusName: eventBusName,
    Source: String(atPath(entry, OUTBOX_PIPE_TARGET.source)),
    DetailType: String(atPath(entry, OUTBOX_PIPE_TARGET.detailType)),
    Detail: JSON.stringify(atPath(entry, template[1] as string)),
  };
};

/**
 * The bus event the deployed pipe makes of one outbox stream record (enrichment, then target
 * parameters), with an id of its own as every PutEvents gives: for replaying records by hand.
 */
export const toBusEvent = (record: _Record): EventBridgeEvent<string, unknown> => {
  const entry = putEventsEntry(busEntryOfStreamRecord(record as OutboxStreamRecord), 'local');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': String(entry.DetailType),
    source: String(entry.Source),
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-north-1',
    resources: [],
    detail: JSON.parse(String(entry.Detail)),
  };
};

/** Attempts of one batch before the local pipe gives up on it, as the deployed pipe's maximumRetryAttempts. */
const BATCH_ATTEMPTS = 10;

/**
 * What the deployed EventBridge Pipe does, locally: read the table's stream, keep only records
 * that match OUTBOX_STREAM_FILTER (the same filter the CDK pipe deploys), run the same enrichment
 * function on them (functions/pipe/outbox-enrichment.ts), and put each result on the bus with
 * PutEvents through @aws-sdk/client-eventbridge, as the deployed pipe's bus target does.
 */
const publishBatch = async (
  client: EventBridgeClient,
  eventBusName: string,
  records: readonly _Record[],
): Promise<void> => {
  const entries = (await enrich(records)).map((entry) => putEventsEntry(entry, eventBusName));
  for (let start = 0; start < entries.length; start += 10) {
    let pending = entries.slice(start, start + 10);
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        const answer = await client.send(new PutEventsCommand({ Entries: pending }));
        // Only the entries that failed go again, as a careful PutEvents caller does.
        pending = pending.filter((_, index) => answer.Entries?.[index]?.ErrorCode !== undefined);
        if (pending.length > 0 && attempt >= BATCH_ATTEMPTS)
          throw new Error(
            `PutEvents refused ${pending.length} entries: ${answer.Entries?.find((e) => e.ErrorCode)?.ErrorMessage}`,
          );
      } catch (error) {
        if (attempt >= BATCH_ATTEMPTS) throw error;
      }
      if (pending.length > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
    }
  }
};

/**
 * Polls every shard of the stream. Starts at LATEST for shards open at start-up (earlier events
 * were handled by an earlier run) and at TRIM_HORIZON for shards that appear later.
 */
export const startStreamPipe = async (options: {
  client: DynamoDBStreamsClient;
  streamArn: string;
  /** The client of the bus's PutEvents (the local cloud's AWS endpoint) and the bus's name. */
  eventBridge: EventBridgeClient;
  eventBusName: string;
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
          const batch = (Records ?? []).filter((record) =>
            matchesEventPattern(OUTBOX_STREAM_FILTER, record as unknown as Record<string, unknown>),
          );
          if ((Records ?? []).length > 0) sawRecords = true;
          // Published before the iterator moves on: a batch that fails is read again, in order.
          if (batch.length > 0) await publishBatch(options.eventBridge, options.eventBusName, batch);
          iterators.set(shardId, NextShardIterator);
        } catch (error) {
          if (!running) return;
          logger.warn(
            'local pipe: reading the stream or publishing a batch failed, retrying',
            describeError(error),
          );
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
