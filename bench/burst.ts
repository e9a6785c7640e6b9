/**
 * Issue 8, item 2 — a registration burst. A local cloud of its own (its own in-memory DynamoDB
 * Local, local SES, stream pipe, bus and API Gateway, the demo members), one meeting with `seats`
 * seats, then `registrations` registrations sent by `concurrency` workers at once, each worker
 * sending its share one after another over Node's keep-alive `fetch` pool (so about `concurrency`
 * connections). Measured: wall time from the first send to the last answer, throughput, each
 * request's latency; then correctness from the answers and, after `settle()`, from the table.
 *
 * The reference, in the same run on the same DynamoDB Local (a second table of the same design):
 * the same number of registrations from the same number of workers, each doing the fewest writes
 * the data model allows for a registration on a hot meeting item while keeping its invariants
 * (capacity, nobody seated while others wait, arrival order, one registration per address, record
 * and event together):
 * 1. one conditional UpdateItem of the meeting: a seat (same condition as the book) or else a
 *    queue place (its complement), counting `arrivals`; the kind of place guessed from the last
 *    one, as the book does, so a full meeting costs no extra update per registration;
 * 2. one TransactWriteItems of the items no other registration touches: the e-mail guard (put,
 *    condition absent), the registration with its arrival, the `RegistrationReceived` outbox event.
 * Two round trips where the book makes three plus two reads (it claims the guard on its own first
 * so that a duplicate is refused before it holds a place). Not the single four-item transaction of
 * item 1's reference: on a hot item that is what the book gave up (DynamoDB cancels concurrent
 * transactions on one item, DynamoDB Local queues them), so it is no floor for a burst.
 * The reference runs once before and once after the API burst, each on a fresh copy of the
 * meeting; its figure is the mean of the two, which brackets the API run in the machine's state.
 * No stream pipe reads the reference table, so no consumer runs on its writes. The API burst's
 * consumers (confirmation mail, person index, statistics, promotion) are held back on the local
 * bus (`pause()`) while the burst is answered and run afterwards: in AWS they run in Lambdas of
 * their own and take nothing from the API's compute, while here they would share one process and
 * two cores with it (with them running alongside, 4–6 % of a 1,000 burst ran past the local 10 s
 * timeout on a loaded machine). The time they then take to catch up is reported as `settleMs`.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { currentDays, type Meeting } from '../domain/meetings/meeting';
import {
  prepareRegistration,
  type Registration,
  type RegistrationStatus,
} from '../domain/meetings/registration';
import { outboxPut } from '../functions/adapters/dynamodb-outbox';
import { queryAll } from '../functions/adapters/dynamodb-query';
import { emailHash } from '../functions/adapters/dynamodb-registration-book';
import { GSI1, gsi1, keys } from '../functions/adapters/table-design';
import { awsPorts } from '../functions/shared/ports';
import type { LocalCloud } from '../local/local-cloud';
import {
  benchRegistration,
  createReferenceTable,
  ms,
  percentile,
  ratio,
  round,
  scheduleBenchMeeting,
  startBenchCloud,
  times,
} from './harness';

export interface BurstOptions {
  registrations: number;
  concurrency: number;
  seats: number;
  /** Registrations sent before the burst (to another meeting) to load handlers and JIT; default 20. */
  warmUp?: number;
  log: (line: string) => void;
}

export interface BurstFigures {
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface BurstCorrectness {
  /** From the answers: 201s by the status they gave. */
  answeredConfirmed: number;
  answeredWaitlisted: number;
  /** Every answer other than 201, by `<status> <error code>` (`fetch-failed <cause>` for no answer). */
  refused: Record<string, number>;
  serverErrors: number;
  /** Shortest and longest time to a non-201 answer (a 500 at ≈ 10 s is the local 10 s timeout). */
  refusedLatencyMs: { min: number; max: number } | null;
  /** From the table after `settle()`: the meeting's registration items by status. */
  storedConfirmed: number;
  storedWaitlisted: number;
  /** 201 answers without a registration item of that id (should be 0). */
  lost: number;
  /** Registration items stored with another status than the one answered (should be 0). */
  statusMismatches: number;
  /** Registration items no 201 answered for (should be 0). */
  unanswered: number;
  arrivalsDistinct: boolean;
  /** Arrival numbers are exactly 1…stored (nothing taken and then dropped). */
  arrivalsGapless: boolean;
  /** Confirmed registrations with an arrival after the `seats`-th (queue jumping; should be 0). */
  seatedOutOfOrder: number;
  meetingSeatsTaken: number;
  meetingWaitlisted: number;
  /** `RegistrationReceived` events of the meeting in the outbox. */
  eventsStored: number;
  /** Consumer deliveries of the burst's events that ended as dead letters, by consumer. */
  deadLetters: Record<string, number>;
}

export interface BurstResult {
  registrations: number;
  concurrency: number;
  seats: number;
  warmUp: number;
  api: BurstFigures;
  reference: BurstFigures & {
    runs: BurstFigures[];
    confirmed: number;
    waitlisted: number;
    failures: Record<string, number>;
  };
  correctness: BurstCorrectness;
  /** After the last API answer, until the consumers held back during the burst were all done. */
  settleMs: number;
  apiPerSecond: number;
  referencePerSecond: number;
  /** Reference throughput / API throughput: how many times longer the API takes; 1.0 is ideal. */
  burstThroughputRatio: number;
  apiP50Ms: number;
  referenceP50Ms: number;
  burstP50Ratio: number;
  apiP99Ms: number;
  referenceP99Ms: number;
  burstP99Ratio: number;
}

/**
 * Runs `total` jobs on `concurrency` workers, each taking the next job as soon as its last one
 * is done; returns each job's latency and the wall time from the first start to the last end.
 */
const burst = async (
  total: number,
  concurrency: number,
  job: (n: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> => {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const t0 = performance.now();
      await job(n);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { latencies, wallMs: performance.now() - started };
};

const figures = ({ latencies, wallMs }: { latencies: number[]; wallMs: number }): BurstFigures => ({
  wallMs: round(wallMs, 0),
  perSecond: round((latencies.length / wallMs) * 1000, 1),
  p50Ms: round(percentile(latencies, 50)),
  p99Ms: round(percentile(latencies, 99)),
  meanMs: round(latencies.reduce((sum, s) => sum + s, 0) / latencies.length),
});

const count = (tally: Record<string, number>, key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

/** The reference: a registration in the fewest round trips the data model allows (see above). */
const referenceRegistrar = (db: DynamoDBDocumentClient, tableName: string, meeting: Meeting) => {
  let guess: RegistrationStatus = 'confirmed';
  const placeUpdate = (registration: Registration, status: RegistrationStatus, now: Date) => {
    const names: Record<string, string> = {
      '#status': 'status',
      '#closes': 'registrationClosesAt',
      '#capacity': 'capacity',
    };
    const days = registration.days.map((day, i) => {
      names[`#d${i}`] = day;
      return `seatsTaken.#d${i}`;
    });
    const open = '#status = :scheduled AND #closes > :now';
    const arrivals = 'arrivals = if_not_exists(arrivals, :zero) + :one';
    const values = { ':scheduled': 'scheduled', ':now': now.toISOString(), ':one': 1, ':zero': 0 };
    return status === 'confirmed'
      ? {
          UpdateExpression: `SET ${days.map((day) => `${day} = ${day} + :one`).join(', ')}, ${arrivals}`,
          ConditionExpression: [
            open,
            '(attribute_not_exists(waitlisted) OR waitlisted = :zero)',
            ...days.map((day) => `${day} < #capacity`),
          ].join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }
      : {
          UpdateExpression: `SET waitlisted = if_not_exists(waitlisted, :zero) + :one, ${arrivals}`,
          ConditionExpression: `${open} AND (waitlisted > :zero OR ${days
            .map((day) => `attribute_not_exists(${day}) OR ${day} >= #capacity`)
            .join(' OR ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        };
  };
  return async (registration: Registration): Promise<RegistrationStatus> => {
    const now = new Date();
    let status = guess;
    let arrival = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.meeting(meeting.id),
            ...placeUpdate(registration, status, now),
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        arrival = Number(Attributes?.arrivals);
        guess = status;
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 4) throw error;
        status = status === 'confirmed' ? 'waitlisted' : 'confirmed';
      }
    }
    await db.send(
      new TransactWriteCommand({
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
            Put: {
              TableName: tableName,
              Item: {
                ...keys.registration(meeting.id, registration.id),
                type: 'registration',
                ...registration,
                status,
                arrival,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          outboxPut(
            tableName,
            {
              detailType: 'RegistrationReceived',
              detail: {
                registrationId: registration.id,
                meetingId: meeting.id,
                status,
                days: currentDays(meeting, registration.days),
                municipalityCode: registration.municipalityCode,
                role: registration.role,
              },
            },
            { id: randomUUID(), now },
          ).item,
        ],
      }),
    );
    return status;
  };
};

/** The registration items of a meeting as stored (consistent read). */
const storedRegistrations = async (db: DynamoDBDocumentClient, tableName: string, meetingId: string) =>
  (
    await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :registration)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':registration': 'REGISTRATION#' },
      ConsistentRead: true,
    })
  ).map((item) => ({ id: String(item.id), status: String(item.status), arrival: Number(item.arrival) }));

const checkTable = async (
  cloud: LocalCloud,
  db: DynamoDBDocumentClient,
  meetingId: string,
  seats: number,
  answered: ReadonlyMap<string, string>,
  deadLettersBefore: number,
) => {
  const stored = await storedRegistrations(db, cloud.tableName, meetingId);
  const byId = new Map(stored.map((r) => [r.id, r]));
  const arrivals = stored.map((r) => r.arrival).sort((a, b) => a - b);
  const { Item: meetingItem } = await db.send(
    new GetCommand({ TableName: cloud.tableName, Key: keys.meeting(meetingId), ConsistentRead: true }),
  );
  const seatsTaken = Object.values((meetingItem?.seatsTaken ?? {}) as Record<string, number>);
  const year = new Date().toISOString().slice(0, 4);
  const events = await queryAll(db, {
    TableName: cloud.tableName,
    IndexName: GSI1.indexName,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': gsi1.eventsOfYear(year) },
  });
  const deadLetters: Record<string, number> = {};
  for (const letter of cloud.bus.deadLetters.slice(deadLettersBefore)) count(deadLetters, letter.rule);
  return {
    storedConfirmed: stored.filter((r) => r.status === 'confirmed').length,
    storedWaitlisted: stored.filter((r) => r.status === 'waitlisted').length,
    lost: [...answered.keys()].filter((id) => !byId.has(id)).length,
    statusMismatches: stored.filter((r) => answered.has(r.id) && answered.get(r.id) !== r.status).length,
    unanswered: stored.filter((r) => !answered.has(r.id)).length,
    arrivalsDistinct: new Set(arrivals).size === arrivals.length,
    arrivalsGapless: arrivals.every((arrival, i) => arrival === i + 1),
    seatedOutOfOrder: stored.filter((r) => r.status === 'confirmed' && !(r.arrival <= seats)).length,
    meetingSeatsTaken: Math.max(0, ...seatsTaken),
    meetingWaitlisted: Number(meetingItem?.waitlisted ?? 0),
    eventsStored: events.filter(
      (item) =>
        item.detailType === 'RegistrationReceived' &&
        (JSON.parse(String(item.detail)) as { meetingId?: string }).meetingId === meetingId,
    ).length,
    deadLetters,
  };
};

export const measureBurst = async (options: BurstOptions): Promise<BurstResult> => {
  const log = (line: string) => options.log(`burst: ${line}`);
  const warmUp = options.warmUp ?? 20;
  const bench = await startBenchCloud({ tableName: 'bench-burst', log });
  const { cloud, db, http } = bench;
  try {
    const schedule = async (title: string, capacity: number) => {
      const id = await scheduleBenchMeeting(http, { title, capacity });
      const meeting = await awsPorts().meetings.meeting(id);
      if (!meeting) throw new Error('the scheduled meeting is not there');
      return meeting;
    };

    // 1. The burst's meeting, a warm-up meeting, and the reference table with copies of both.
    const meeting = await schedule('Burst meeting', options.seats);
    const warmUpMeeting = await schedule('Warm-up meeting', Math.max(1, Math.floor(warmUp / 2)));
    const referenceTable = 'bench-burst-reference';
    await createReferenceTable(cloud, referenceTable);
    // The meeting items as scheduled (no seat taken yet): each reference run starts from a copy.
    const asScheduled = new Map<string, Record<string, unknown> | undefined>();
    for (const source of [meeting, warmUpMeeting]) {
      const { Item } = await db.send(
        new GetCommand({ TableName: cloud.tableName, Key: keys.meeting(source.id), ConsistentRead: true }),
      );
      asScheduled.set(source.id, Item);
    }
    /** A fresh copy of `source` as scheduled, in the reference table under a new id. */
    const referenceMeeting = async (source: Meeting): Promise<Meeting> => {
      const id = randomUUID();
      await db.send(
        new PutCommand({
          TableName: referenceTable,
          Item: { ...asScheduled.get(source.id), ...keys.meeting(id), id },
        }),
      );
      return { ...source, id };
    };
    const referenceRun = async (source: Meeting, tag: string, total: number) => {
      const copy = await referenceMeeting(source);
      const register = referenceRegistrar(db, referenceTable, copy);
      // Built before the clock starts: the API's share of this (zod, ids) is part of what it costs.
      const registrations = Array.from({ length: total }, (_, n) =>
        prepareRegistration(copy, benchRegistration(n, tag), { id: randomUUID(), now: new Date() }),
      );
      const outcomes: Record<string, number> = {};
      const run = await burst(total, options.concurrency, async (n) => {
        try {
          count(outcomes, await register(registrations[n] as Registration));
        } catch (error) {
          count(outcomes, `failed ${(error as Error).name}`);
        }
      });
      return { run, outcomes };
    };

    // 2. Warm-up: the handler modules' first import, the JIT of node and of DynamoDB Local.
    if (warmUp > 0) {
      await burst(warmUp, 5, async (n) => {
        await http.post(`/api/meetings/${warmUpMeeting.id}/registrations`, benchRegistration(n, 'warm-up-'));
      });
      await referenceRun(warmUpMeeting, 'warm-up-reference-', warmUp);
      await cloud.settle({ timeoutMs: 120_000 });
      log(`warm-up: ${warmUp} registrations through the API and as reference writes`);
    }

    // 3. Reference, API burst, reference again.
    const before = await referenceRun(meeting, 'reference-before-', options.registrations);
    log(`reference (before): ${figures(before.run).perSecond}/s`);

    const statuses: Record<string, number> = {};
    const answered = new Map<string, string>();
    const refusedLatencies: number[] = [];
    const deadLettersBefore = cloud.bus.deadLetters.length;
    cloud.bus.pause();
    const apiRun = await burst(options.registrations, options.concurrency, async (n) => {
      const t0 = performance.now();
      try {
        const answer = await http.post(
          `/api/meetings/${meeting.id}/registrations`,
          benchRegistration(n, 'api-'),
        );
        if (answer.status === 201) {
          answered.set(String(answer.body.registrationId), String(answer.body.status));
          count(statuses, `201 ${String(answer.body.status)}`);
        } else {
          refusedLatencies.push(performance.now() - t0);
          count(statuses, `${answer.status} ${String(answer.body.error ?? '')}`);
        }
      } catch (error) {
        refusedLatencies.push(performance.now() - t0);
        const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        count(statuses, `fetch-failed ${cause}`);
      }
    });
    const api = figures(apiRun);
    log(`API: ${options.registrations} in ${api.wallMs} ms (${api.perSecond}/s); waiting for the consumers`);
    const settleStarted = performance.now();
    cloud.bus.resume();
    await cloud.settle({ timeoutMs: 240_000 });
    const settleMs = round(performance.now() - settleStarted, 0);
    log(`settled in ${settleMs} ms`);

    const after = await referenceRun(meeting, 'reference-after-', options.registrations);
    log(`reference (after): ${figures(after.run).perSecond}/s`);

    // 4. Correctness: the answers, then the table.
    const refused: Record<string, number> = {};
    for (const [key, n] of Object.entries(statuses)) if (!key.startsWith('201 ')) refused[key] = n;
    const correctness: BurstCorrectness = {
      answeredConfirmed: statuses['201 confirmed'] ?? 0,
      answeredWaitlisted: statuses['201 waitlisted'] ?? 0,
      refused,
      serverErrors: Object.entries(statuses)
        .filter(([key]) => /^5\d\d /.test(key))
        .reduce((sum, [, n]) => sum + n, 0),
      refusedLatencyMs:
        refusedLatencies.length > 0
          ? { min: round(Math.min(...refusedLatencies), 0), max: round(Math.max(...refusedLatencies), 0) }
          : null,
      ...(await checkTable(cloud, db, meeting.id, options.seats, answered, deadLettersBefore)),
    };

    const runs = [figures(before.run), figures(after.run)];
    const mean = (pick: (f: BurstFigures) => number) =>
      round(runs.reduce((s, f) => s + pick(f), 0) / runs.length);
    const reference: BurstFigures = {
      wallMs: round(
        mean((f) => f.wallMs),
        0,
      ),
      perSecond: round(
        mean((f) => f.perSecond),
        1,
      ),
      p50Ms: mean((f) => f.p50Ms),
      p99Ms: mean((f) => f.p99Ms),
      meanMs: mean((f) => f.meanMs),
    };
    const failures: Record<string, number> = {};
    for (const outcomes of [before.outcomes, after.outcomes])
      for (const [key, n] of Object.entries(outcomes))
        if (key.startsWith('failed')) failures[key] = (failures[key] ?? 0) + n;
    return {
      registrations: options.registrations,
      concurrency: options.concurrency,
      seats: options.seats,
      warmUp,
      api,
      reference: {
        ...reference,
        runs,
        // Per run: each run registers the same number on its own copy of the meeting.
        confirmed: before.outcomes.confirmed ?? 0,
        waitlisted: before.outcomes.waitlisted ?? 0,
        failures,
      },
      correctness,
      settleMs,
      apiPerSecond: api.perSecond,
      referencePerSecond: reference.perSecond,
      burstThroughputRatio: ratio(reference.perSecond, api.perSecond),
      apiP50Ms: api.p50Ms,
      referenceP50Ms: reference.p50Ms,
      burstP50Ratio: ratio(api.p50Ms, reference.p50Ms),
      apiP99Ms: api.p99Ms,
      referenceP99Ms: reference.p99Ms,
      burstP99Ratio: ratio(api.p99Ms, reference.p99Ms),
    };
  } finally {
    await bench.stop();
  }
};

const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${n} × ${key}`)
    .join(', ') || 'none';

/** The rows of docs/performance.md's table for item 2. */
export const burstRows = (result: BurstResult): string[] => {
  const c = result.correctness;
  const waiting = result.registrations - result.seats;
  return [
    `| 2 | burst throughput, ${result.registrations} registrations from ${result.concurrency} connections via the local API, ${result.seats} seats | ${result.apiPerSecond.toFixed(1)}/s (${(result.api.wallMs / 1000).toFixed(1)} s) | bare writes (meeting update + one transaction), ${result.concurrency} workers: ${result.referencePerSecond.toFixed(1)}/s (${(result.reference.wallMs / 1000).toFixed(1)} s) | ${times(result.burstThroughputRatio)} (reference/API) | — |`,
    `| 2 | burst latency p50 | ${ms(result.apiP50Ms)} | ${ms(result.referenceP50Ms)} | ${times(result.burstP50Ratio)} | — |`,
    `| 2 | burst latency p99 | ${ms(result.apiP99Ms)} | ${ms(result.referenceP99Ms)} | ${times(result.burstP99Ratio)} | — |`,
    `| 2 | burst correctness (answers / table after settle) | ${c.answeredConfirmed} / ${c.storedConfirmed} confirmed, ${c.answeredWaitlisted} / ${c.storedWaitlisted} waiting, ${c.lost} lost, ${c.unanswered} stored but not answered 201, ${c.serverErrors} 5xx, refused: ${tally(c.refused)}, dead letters: ${tally(c.deadLetters)} | ${result.reference.confirmed} confirmed, ${result.reference.waitlisted} waiting | — | ${result.seats} confirmed, ${waiting} waiting, 0 lost, 0 5xx |`,
    `| 2 | the burst's consumers (held back during it), until all done | ${(result.settleMs / 1000).toFixed(1)} s | — | — | — |`,
  ];
};
