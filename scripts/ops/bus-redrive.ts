import {
  type _Record,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { eventDefinition } from '../../events/catalogue';
import { OUTBOX_STREAM_FILTER } from '../../functions/adapters/table-design';
import { busEntryOfStreamRecord, type OutboxStreamRecord } from '../../functions/shared/event-envelope';
import { matchesEventPattern } from '../../local/event-pattern-matcher';
import { putEventsEntry } from '../../local/stream-pipe';

/**
 * Redrive of the dead letters no function takes, by putting their events on the bus again with
 * PutEvents, as the pipe and the scheduler would have:
 * - a timer's letter holds the schedule's input, which is the event's envelope (its `type` names
 *   the definition and so the source);
 * - the pipe's letter describes the failed batch (`DDBStreamBatchInfo`: stream, shard, first and
 *   last sequence number); its records are read again from the stream (kept 24 hours) and made
 *   envelopes by the pipe's own enrichment code.
 * Each returns undefined when every event is on the bus, else why not.
 */
export interface BusRedrive {
  timerLetter(body: string): Promise<string | undefined>;
  pipeLetter(body: string): Promise<string | undefined>;
}

/** A pipe letter's description of its batch (the shape Lambda and Pipes give a stream batch). */
interface StreamBatchInfo {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
}

const batchInfoOf = (body: string): StreamBatchInfo | undefined => {
  try {
    const info = (JSON.parse(body) as { DDBStreamBatchInfo?: Partial<StreamBatchInfo> }).DDBStreamBatchInfo;
    return info?.streamArn && info.shardId && info.startSequenceNumber && info.endSequenceNumber
      ? (info as StreamBatchInfo)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Sequence numbers are decimal strings of any length: compared as big integers. */
const atOrBefore = (sequence: string | undefined, end: string): boolean =>
  sequence !== undefined && BigInt(sequence) <= BigInt(end);

export const busRedrive = (options: {
  events: EventBridgeClient;
  eventBusName: string;
  streams: () => DynamoDBStreamsClient;
}): BusRedrive => {
  const put = async (entries: PutEventsRequestEntry[]): Promise<string | undefined> => {
    for (let start = 0; start < entries.length; start += 10) {
      const answer = await options.events.send(
        new PutEventsCommand({ Entries: entries.slice(start, start + 10) }),
      );
      const failed = answer.Entries?.find((entry) => entry.ErrorCode);
      if ((answer.FailedEntryCount ?? 0) > 0)
        return `PutEvents refused ${answer.FailedEntryCount} of the events: ${failed?.ErrorCode}: ${failed?.ErrorMessage}`;
    }
    return undefined;
  };

  return {
    timerLetter: async (body) => {
      let envelope: { type?: unknown };
      try {
        envelope = JSON.parse(body) as { type?: unknown };
      } catch {
        return 'The letter is not a timer event (no JSON)';
      }
      const definition = eventDefinition(String(envelope.type));
      if (!definition) return `The letter is not a timer event (type ${String(envelope.type)})`;
      return put([
        {
          EventBusName: options.eventBusName,
          Source: definition.source,
          DetailType: definition.detailType,
          Detail: body,
        },
      ]);
    },

    pipeLetter: async (body) => {
      const batch = batchInfoOf(body);
      if (!batch) return 'The letter describes no stream batch (DDBStreamBatchInfo)';
      const streams = options.streams();
      const records: _Record[] = [];
      try {
        let iterator = (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: batch.streamArn,
              ShardId: batch.shardId,
              ShardIteratorType: 'AT_SEQUENCE_NUMBER',
              SequenceNumber: batch.startSequenceNumber,
            }),
          )
        ).ShardIterator;
        // Until the batch's last record; an open shard answers empty pages at its end.
        for (let empty = 0; iterator && empty < 3; ) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          const inBatch = (page.Records ?? []).filter((record) =>
            atOrBefore(record.dynamodb?.SequenceNumber, batch.endSequenceNumber),
          );
          records.push(...inBatch);
          if (inBatch.length < (page.Records ?? []).length) break;
          if (records.at(-1)?.dynamodb?.SequenceNumber === batch.endSequenceNumber) break;
          empty = (page.Records ?? []).length === 0 ? empty + 1 : 0;
          iterator = page.NextShardIterator;
        }
      } catch (error) {
        const failure = error as Error;
        return `The batch's records cannot be read from the stream (${failure.name}: ${failure.message}); past 24 hours replay the EVENT# items of the table (docs/operations.md)`;
      }
      const entries = records
        .filter((record) =>
          matchesEventPattern(OUTBOX_STREAM_FILTER, record as unknown as Record<string, unknown>),
        )
        // As the deployed pipe's target parameters put the enriched record.
        .map((record) =>
          putEventsEntry(busEntryOfStreamRecord(record as OutboxStreamRecord), options.eventBusName),
        );
      return entries.length === 0 ? undefined : put(entries);
    },
  };
};
