/**
 * Issue 8, item 4 — event pipeline lag: from the DynamoDB write of a domain event (its outbox
 * item's commit) until the consumers have handled it. A local cloud of its own (its own in-memory
 * DynamoDB Local, local SES, stream pipe, bus and API Gateway, the demo members), one meeting with
 * room for everyone, then one registration at a time written as a single TransactWriteItems (e-mail
 * guard, meeting seat update, registration, `RegistrationReceived` outbox event), so that the
 * event is a real one whose four consumers (confirmation mail, promotion check, person index,
 * statistics) do their real work.
 *
 * Observed without changing the local cloud:
 * - written: the moment the TransactWriteItems call returned (the commit is no later);
 * - on the bus: when the pipe calls `bus.put` with the event, seen by wrapping that public method
 *   on this cloud's bus instance (the pipe looks it up on each call). Exact, unlike polling
 *   `bus.received`: a 1 ms timer fires late while the consumers the put started run their
 *   synchronous part (measured 7 ms late at p50, up to 150 ms on a loaded host);
 * - handled: when `bus.idle()` resolves after that, i.e. every delivery of the event has ended
 *   (exact; retries included, which the attempt counts show);
 * - per consumer: the first moment its `bus.delivered` count is seen to go up, polled every
 *   millisecond: an upper bound, late by the same timer lag (a diagnostic, not a figure).
 * One event at a time, after a random pause of up to one poll interval so that writes do not fall
 * in step with the pipe's poll (an event arriving just after a poll waits a whole interval).
 *
 * The reference, interleaved (the order alternates each round): the same transaction on a second
 * table of the same design on the same DynamoDB Local, and a bare stream reader (GetRecords on
 * every shard, a pause of the pipe's 25 ms when a poll found nothing, as local/stream-pipe.ts
 * does) timing from the write's return until it sees the outbox item's record. What the pipeline
 * adds on top of that is the pipe's filter and envelope, the bus, and the consumers.
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { currentDays, type Meeting } from '../domain/meetings/meeting';
import { prepareRegistration } from '../domain/meetings/registration';
import { outboxPut } from '../functions/adapters/dynamodb-outbox';
import { emailHash } from '../functions/adapters/dynamodb-registration-book';
import { keys } from '../functions/adapters/table-design';
import { awsPorts } from '../functions/shared/ports';
import { storedEventId } from '../local/event-bus';
import {
  benchRegistration,
  createReferenceTable,
  type LatencyFigures,
  latencyFigures,
  localClientConfig,
  ms,
  ratio,
  scheduleBenchMeeting,
  sleep,
  startBenchCloud,
  times,
} from './harness';

/** The local pipe's pause after a poll that found nothing (local/stream-pipe.ts, `pollMs`). */
const PIPE_POLL_MS = 25;

/** How long one event may take before the run is called broken. */
const EVENT_TIMEOUT_MS = 30_000;

/** The latency figures of the results (kept under the name the results' readers know). */
export type LagFigures = LatencyFigures;

export interface PipelineLagResult {
  events: number;
  warmUp: number;
  pollMs: number;
  pipeline: {
    /** Write returned → every consumer of the event done. */
    handled: LagFigures;
    /** Write returned → the event on the bus (stream, pipe poll, filter, envelope). */
    onBus: LagFigures;
    /** On the bus → every consumer done. */
    consumers: LagFigures;
    /** Write returned → this consumer done, by consumer. */
    perConsumer: Record<string, LagFigures>;
    /** The event's own time (`occurredAt`, taken just before the write) → every consumer done. */
    fromEventTime: LagFigures;
    /** The TransactWriteItems call itself. */
    write: LagFigures;
    /** Deliveries tried more than once, dead letters, events on the bus beyond the ones written. */
    retries: number;
    deadLetters: number;
    otherEvents: number;
  };
  reference: {
    /** Write returned → the bare stream reader saw the outbox item. */
    streamSeen: LagFigures;
    write: LagFigures;
  };
  lagP50Ms: number;
  streamP50Ms: number;
  pipelineLagP50Ratio: number;
  lagP99Ms: number;
  streamP99Ms: number;
  pipelineLagP99Ratio: number;
  onBusP50Ms: number;
  /** On the bus vs the bare stream (what the pipe itself adds to the stream); 1.0 is ideal. */
  onBusP50Ratio: number;
}

const figures = (samples: readonly number[]): LagFigures => latencyFigures(samples);

/** One confirmed registration with its event, as one transaction; the event's id and time. */
const registrationWrite = (tableName: string, meeting: Meeting, n: number, tag: string) => {
  const now = new Date();
  const eventId = randomUUID();
  const registration = prepareRegistration(meeting, benchRegistration(n, tag), { id: randomUUID(), now });
  const names: Record<string, string> = { '#capacity': 'capacity' };
  const seats = registration.days.map((day, i) => {
    names[`#d${i}`] = day;
    return `seatsTaken.#d${i}`;
  });
  const event = outboxPut(
    tableName,
    {
      detailType: 'RegistrationReceived',
      detail: {
        registrationId: registration.id,
        meetingId: meeting.id,
        status: 'confirmed',
        days: currentDays(meeting, registration.days),
        municipalityCode: registration.municipalityCode,
        role: registration.role,
      },
    },
    { id: eventId, now },
  ).item;
  const command = new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.registrationEmail(meeting.id, emailHash(registration.email)),
            type: 'registration-email',
            registrationId: registration.id,
            state: 'registered',
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.meeting(meeting.id),
          UpdateExpression: `SET ${seats.map((seat) => `${seat} = ${seat} + :one`).join(', ')}, arrivals = if_not_exists(arrivals, :zero) + :one`,
          ConditionExpression: seats.map((seat) => `${seat} < #capacity`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.registration(meeting.id, registration.id),
            type: 'registration',
            ...registration,
            status: 'confirmed',
            arrival: n + 1,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      event,
    ],
  });
  return { command, eventId, eventTime: now.getTime() };
};

/**
 * A bare reader of a table's stream, polling as the local pipe does (every shard in turn, a pause
 * of `pollMs` after a round that found nothing, new shards looked for every second), that tells
 * when it first saw the item with a given `eventId`.
 */
const bareStreamReader = async (
  client: DynamoDBStreamsClient,
  streamArn: string,
  pollMs: number,
  options: { warn: (error: unknown) => void },
) => {
  const iterators = new Map<string, string | undefined>();
  const known = new Set<string>();
  const waiting = new Map<string, (at: number) => void>();
  const seenEarly = new Map<string, number>();
  let running = true;
  const discover = async (initial: boolean) => {
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId;
        if (!shardId || known.has(shardId)) continue;
        known.add(shardId);
        if (initial && shard.SequenceNumberRange?.EndingSequenceNumber) continue;
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
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
        let answer: GetRecordsCommandOutput;
        try {
          answer = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        } catch (error) {
          if (!running) return;
          // As the pipe does: a failed read is tried again (the sample it delays shows it).
          options.warn(error);
          await sleep(500);
          continue;
        }
        const { Records, NextShardIterator } = answer;
        const at = performance.now();
        iterators.set(shardId, NextShardIterator);
        for (const record of Records ?? []) {
          sawRecords = true;
          const id = record.dynamodb?.NewImage?.eventId?.S;
          if (!id) continue;
          const resolve = waiting.get(id);
          if (resolve) {
            waiting.delete(id);
            resolve(at);
          } else seenEarly.set(id, at);
        }
      }
      if (iterators.size === 0 || Date.now() - lastDiscovery > 1000) {
        await discover(false).catch((error: unknown) => (running ? options.warn(error) : undefined));
        lastDiscovery = Date.now();
      }
      if (!sawRecords) await sleep(pollMs);
    }
  })();
  return {
    /** When the record of `eventId` was (or will be) read. */
    seen: (eventId: string): Promise<number> => {
      const early = seenEarly.get(eventId);
      if (early !== undefined) return Promise.resolve(early);
      return new Promise((resolve, reject) => {
        waiting.set(eventId, resolve);
        setTimeout(() => reject(new Error(`the stream never showed ${eventId}`)), EVENT_TIMEOUT_MS).unref();
      });
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
};

const sum = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((s, n) => s + n, 0);

export const measurePipelineLag = async (options: {
  events: number;
  warmUp: number;
  log: (line: string) => void;
}): Promise<PipelineLagResult> => {
  const log = (line: string) => options.log(`pipeline lag: ${line}`);
  const bench = await startBenchCloud({ tableName: 'bench-pipeline-lag', log });
  const { cloud, db, http } = bench;
  const streams = new DynamoDBStreamsClient(localClientConfig(cloud.dynamoDbEndpoint));
  let reader: Awaited<ReturnType<typeof bareStreamReader>> | undefined;
  try {
    // 1. One meeting with room for every registration of the run, and its copy in the reference table.
    const total = options.warmUp + options.events;
    const meetingId = await scheduleBenchMeeting(http, {
      title: 'Benchmark meeting',
      capacity: Math.min(10_000, total + 10),
    });
    const meeting = await awsPorts().meetings.meeting(meetingId);
    if (!meeting) throw new Error('the scheduled meeting is not there');
    const referenceTable = 'bench-pipeline-lag-reference';
    const referenceStream = await createReferenceTable(cloud, referenceTable);
    const { Item: meetingItem } = await db.send(
      new GetCommand({ TableName: cloud.tableName, Key: keys.meeting(meetingId), ConsistentRead: true }),
    );
    await db.send(new PutCommand({ TableName: referenceTable, Item: meetingItem }));
    await cloud.settle({ timeoutMs: 60_000 });
    reader = await bareStreamReader(streams, referenceStream, PIPE_POLL_MS, {
      warn: (error) => log(`reference stream read failed, retrying: ${String(error)}`),
    });
    const bareReader = reader;

    // 2. The rounds: a pipeline sample and a reference sample each, the order alternating.
    const bus = cloud.bus;
    /** When the pipe handed each stored event to the bus (see the note at the top). */
    const onBusAt = new Map<string, number>();
    const onBusWaiters = new Map<string, () => void>();
    const put = bus.put.bind(bus);
    bus.put = (event) => {
      const id = storedEventId(event);
      if (id) {
        onBusAt.set(id, performance.now());
        onBusWaiters.get(id)?.();
      }
      put(event);
    };
    const reachesBus = (eventId: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              bus.received.has(eventId)
                ? 'the event reached the bus past the wrapped put: the pipe no longer calls bus.put'
                : `event ${eventId} never reached the bus`,
            ),
          );
        }, EVENT_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          onBusWaiters.delete(eventId);
          resolve(onBusAt.get(eventId) as number);
        };
        if (onBusAt.has(eventId)) done();
        else onBusWaiters.set(eventId, done);
      });
    const samples = {
      handled: [] as number[],
      onBus: [] as number[],
      consumers: [] as number[],
      fromEventTime: [] as number[],
      write: [] as number[],
      perConsumer: new Map<string, number[]>(),
      streamSeen: [] as number[],
      referenceWrite: [] as number[],
    };
    let retries = 0;
    let otherEvents = 0;
    const deadLettersBefore = bus.deadLetters.length;

    const pipelineSample = async (n: number, measured: boolean) => {
      await sleep(Math.random() * PIPE_POLL_MS);
      const { command, eventId, eventTime } = registrationWrite(cloud.tableName, meeting, n, 'pipeline-');
      const delivered = new Map(bus.delivered);
      const attempted = sum(bus.attempted);
      const received = bus.received.size;
      const t0 = performance.now();
      await db.send(command);
      const written = performance.now();
      const finished = new Map<string, number>();
      const look = () => {
        for (const [rule, count] of bus.delivered)
          if (count > (delivered.get(rule) ?? 0) && !finished.has(rule))
            finished.set(rule, performance.now());
      };
      const onBus = await reachesBus(eventId);
      // Watch the consumers finish one by one while waiting for all of them.
      let idle = false;
      const watcher = (async () => {
        while (!idle) {
          look();
          await sleep(1);
        }
      })();
      await bus.idle();
      const handled = performance.now();
      const handledAt = Date.now();
      idle = true;
      await watcher;
      look();
      retries += sum(bus.attempted) - attempted - (sum(bus.delivered) - sum(delivered));
      otherEvents += bus.received.size - received - 1;
      if (!measured) return;
      samples.write.push(written - t0);
      // The pipe may put it on the bus while the write's answer is on its way back (as below).
      samples.onBus.push(Math.max(0, onBus - written));
      samples.handled.push(handled - written);
      samples.consumers.push(handled - onBus);
      samples.fromEventTime.push(handledAt - eventTime);
      for (const [rule, at] of finished) {
        const list = samples.perConsumer.get(rule) ?? [];
        list.push(at - written);
        samples.perConsumer.set(rule, list);
      }
    };
    const referenceSample = async (n: number, measured: boolean) => {
      await sleep(Math.random() * PIPE_POLL_MS);
      const { command, eventId } = registrationWrite(referenceTable, meeting, n, 'reference-');
      const t0 = performance.now();
      await db.send(command);
      const written = performance.now();
      const seen = await bareReader.seen(eventId);
      if (!measured) return;
      samples.referenceWrite.push(written - t0);
      // The reader may have read it while the write's answer was on its way back.
      samples.streamSeen.push(Math.max(0, seen - written));
    };

    const loopStarted = Date.now();
    for (let n = 0; n < total; n++) {
      const measured = n >= options.warmUp;
      if (n % 2 === 0) {
        await pipelineSample(n, measured);
        await referenceSample(n, measured);
      } else {
        await referenceSample(n, measured);
        await pipelineSample(n, measured);
      }
      if ((n + 1) % 100 === 0) log(`${n + 1}/${total} rounds`);
    }
    log(`${total} rounds in ${((Date.now() - loopStarted) / 1000).toFixed(1)} s`);
    await cloud.settle({ timeoutMs: 60_000 });

    const handled = figures(samples.handled);
    const onBus = figures(samples.onBus);
    const stream = figures(samples.streamSeen);
    return {
      events: options.events,
      warmUp: options.warmUp,
      pollMs: PIPE_POLL_MS,
      pipeline: {
        handled,
        onBus,
        consumers: figures(samples.consumers),
        perConsumer: Object.fromEntries(
          [...samples.perConsumer].map(([rule, list]) => [rule, figures(list)] as const),
        ),
        fromEventTime: figures(samples.fromEventTime),
        write: figures(samples.write),
        retries,
        deadLetters: bus.deadLetters.length - deadLettersBefore,
        otherEvents,
      },
      reference: { streamSeen: stream, write: figures(samples.referenceWrite) },
      lagP50Ms: handled.p50Ms,
      streamP50Ms: stream.p50Ms,
      pipelineLagP50Ratio: ratio(handled.p50Ms, stream.p50Ms),
      lagP99Ms: handled.p99Ms,
      streamP99Ms: stream.p99Ms,
      pipelineLagP99Ratio: ratio(handled.p99Ms, stream.p99Ms),
      onBusP50Ms: onBus.p50Ms,
      onBusP50Ratio: ratio(onBus.p50Ms, stream.p50Ms),
    };
  } finally {
    await reader?.stop();
    streams.destroy();
    await bench.stop();
  }
};

/** The rows of docs/performance.md's table for item 4. */
export const pipelineLagRows = (result: PipelineLagResult): string[] => {
  const p = result.pipeline;
  return [
    `| 4 | event pipeline lag p50, write → all ${Object.keys(p.perConsumer).length} consumers of RegistrationReceived done, ${result.events} events one at a time | ${ms(result.lagP50Ms)} | bare stream read (poll ${result.pollMs} ms): ${ms(result.streamP50Ms)} | ${times(result.pipelineLagP50Ratio)} | — |`,
    `| 4 | event pipeline lag p99 | ${ms(result.lagP99Ms)} | ${ms(result.streamP99Ms)} | ${times(result.pipelineLagP99Ratio)} | — |`,
    `| 4 | of which write → event on the bus p50 (stream + pipe; the rest, on the bus → consumers done, p50 ${ms(p.consumers.p50Ms)}) | ${ms(result.onBusP50Ms)} | ${ms(result.streamP50Ms)} | ${times(result.onBusP50Ratio)} | — |`,
  ];
};
