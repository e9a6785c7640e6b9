/**
 * Issue 8, item 7 — the year report at scale: does `GET /api/admin/reports/{year}` stay bounded
 * (items read, read units, latency) when a year has 10,000 participations instead of 650?
 *
 * A local cloud of its own whose every DynamoDB call goes through the metering proxy
 * (bench/capacity-proxy.ts): DynamoDB Local → proxy → `startLocalCloud`. A frozen local clock
 * stands in January of the first year while the meetings are scheduled through the admin API,
 * then moves past the last year (the timers fire: reminders, meeting ended), so every meeting is
 * held when the report is read.
 *
 * The participations are produced by the path production takes from the domain events on: each
 * registration, attendance (per person and day) and evaluation becomes the event the real flow
 * emits (`RegistrationReceived`, `AttendanceLogged`, `EvaluationSubmitted`), built as the outbox
 * item by `outboxPut` (so validated by its definition in events/) and handed to the deployed
 * statistics consumer (functions/consumers/on-domain-event-count-statistics.ts `createHandler`)
 * in-process, EventBridge-shaped as the stream pipe puts it (`toBusEvent` of the stream record),
 * with the consumer's own receipts. Not through the API: a registration there is about 50 ms and
 * sets off mail and the person index, so 10,000 would not fit in the time budget; not on the local
 * bus: every other consumer of those events would run for nothing the report reads. The
 * registrations and attendance items themselves are written to the table too (batches, in the
 * shapes the registration book and attendance log write), so that a report that read them would
 * show it in its items read. The feed goes straight to DynamoDB Local, around the proxy: only the
 * report requests are metered.
 *
 * Cases: the network's scale (18 meetings in a year, the 49 municipalities of Västra Götaland)
 * at the first number of participations; all of Sweden (150 meetings, 290 municipalities) at each
 * number in turn, the same meetings filled further, so the comparison between them changes the
 * participations and nothing else.
 */
import { createHash, randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import type { Meeting } from '../domain/meetings/meeting';
import { prepareRegistration, ROLES, type Role } from '../domain/meetings/registration';
import { saveMunicipality } from '../domain/members/maintain-members';
import type { Counters } from '../domain/ports';
import { addDays, stockholmDate } from '../domain/shared/stockholm-time';
import { buildYearReport } from '../domain/statistics/build-year-report';
import { type CountingPorts, countEvent } from '../domain/statistics/count-event';
import { yearReport } from '../domain/statistics/year-report-use-cases';
import type { PendingEvent, StoredEvent } from '../events/catalogue';
import { outboxPut } from '../functions/adapters/dynamodb-outbox';
import { GSI1, gsi1, keys } from '../functions/adapters/table-design';
import { createHandler as countStatisticsHandler } from '../functions/consumers/on-domain-event-count-statistics';
import { config } from '../functions/shared/config';
import type { BusEvent } from '../functions/shared/event-envelope';
import { awsPorts, awsPortsFrom } from '../functions/shared/ports';
import { LocalClock } from '../local/local-clock';
import { toBusEvent } from '../local/stream-pipe';
import { type CapacityTotals, capacityBetween } from './capacity-proxy';
import {
  kb,
  type LatencyFigures,
  latencyFigures,
  localDocumentClient,
  meteredParts,
  ms,
  ratio,
  round,
  startBenchCloud,
  timed,
  times,
} from './harness';
import { StatisticsTally } from './statistics-tally';

/** The network's year today (issue 8): 18 meetings, Västra Götaland's 49 municipalities. */
const NETWORK_MEETINGS = 18;
const NETWORK_YEAR = 2024;
/** All of Sweden: 150 meetings a year, 290 municipalities. */
const SWEDEN_MEETINGS = 150;
const SWEDEN_MUNICIPALITIES = 290;
const SWEDEN_YEAR = 2025;
/** Per participation: registered but never came (extra registrations), walked in, answered the evaluation. */
const NO_SHOW_SHARE = 0.1;
const WALK_IN_SHARE = 0.03;
const EVALUATION_SHARE = 0.35;
/** People come to several meetings a year: participations per distinct person. */
const PARTICIPATIONS_PER_PERSON = 2.5;
/** Concurrent consumer invocations while feeding (Lambda runs many; DynamoDB Local has 2 cores here). */
const FEED_CONCURRENCY = 8;
const WARM_UP = 3;

export type { LatencyFigures } from './harness';

export interface ReadFigures {
  /** DynamoDB requests per report. */
  requests: number;
  itemsRead: number;
  /** Read units as AWS would bill them (eventually consistent Query halves, GetItem consistent). */
  billedReadUnits: number;
  byOperation: Record<string, { requests: number; items: number; billedUnits: number }>;
}

export interface YearReportCase {
  label: string;
  year: number;
  meetings: number;
  municipalities: number;
  participations: number;
  registrations: number;
  evaluations: number;
  /** Events counted to reach this case (cumulative), and of them handed to the consumer one by one (this step). */
  eventsCounted: number;
  eventsViaConsumer: number;
  /** Registration and attendance items written to the table in this step. */
  rowsWritten: number;
  /** Counters of the year's statistics items checked equal to counting every event one by one. */
  countersVerified: number;
  /** Seconds the feed took to reach this case from the one before (not a figure of the report). */
  feedS: number;
  /** `?format=json` through the local API, `samples` requests after warm-up. */
  api: LatencyFigures;
  /** The reads of one report, from the proxy (the same for every request; the mean is taken). */
  reads: ReadFigures;
  /** The statistics items alone (the reference's reads): meetings of the year plus the year item. */
  statisticsItemsRead: number;
  statisticsBilledReadUnits: number;
  responseBytes: { json: number; csv: number; html: number };
  /** One request each: latency and items read for the other formats. */
  csv: { ms: number; itemsRead: number };
  html: { ms: number; itemsRead: number };
  /** The reference: a bare Query (the year's meetings on GSI1, all pages) + GetItem (the year item). */
  bare: LatencyFigures;
  /** Diagnostic: the use case `yearReport` in-process with the functions' own ports (no HTTP). */
  useCase: LatencyFigures;
  /** Diagnostic: `buildYearReport` alone, in-process, on inputs read once (the domain's CPU share). */
  build: LatencyFigures;
  reportP50Ratio: number;
  useCaseP50Ratio: number;
}

export interface YearReportScaleResult {
  samples: number;
  warmUp: number;
  cases: YearReportCase[];
  /** Same 150 meetings and 290 municipalities, the smallest vs the largest number of participations. */
  growth: {
    from: string;
    to: string;
    participationsRatio: number;
    itemsReadFrom: number;
    itemsReadTo: number;
    itemsReadGrowthRatio: number;
    billedReadUnitsFrom: number;
    billedReadUnitsTo: number;
    billedReadUnitsGrowthRatio: number;
    p50MsFrom: number;
    p50MsTo: number;
    latencyGrowthRatio: number;
    bareP50MsFrom: number;
    bareP50MsTo: number;
    bareGrowthRatio: number;
    jsonBytesFrom: number;
    jsonBytesTo: number;
  };
}

const figures = (samples: readonly number[]): LatencyFigures => latencyFigures(samples);

/** A seeded generator (mulberry32): the same year every run. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Index into `weights` drawn in proportion to them (cumulative weights given). */
const drawIndex = (cumulative: readonly number[], random: () => number): number => {
  const target = random() * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

const cumulate = (weights: readonly number[]): number[] => {
  let sum = 0;
  return weights.map((w) => {
    sum += w;
    return sum;
  });
};

/** Weekdays of a year outside July and the holidays' edges, where the network meets. */
const meetingDays = (year: number): string[] => {
  const days: string[] = [];
  for (let day = `${year}-01-15`; day <= `${year}-12-15`; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6 || day.slice(5, 7) === '07') continue;
    days.push(day);
  }
  return days;
};

interface MeetingPlan {
  request: Record<string, unknown>;
  days: string[];
  weight: number;
}

const FOCUS_GROUPS = ['environmental-strategy', 'nature-conservation', 'fair-trade'] as const;

/** `count` meetings spread over the year: two in three digital, every sixth physical one over two days. */
const planMeetings = (year: number, count: number, random: () => number): MeetingPlan[] => {
  const days = meetingDays(year);
  return Array.from({ length: count }, (_, i) => {
    let first = days[Math.floor(((i + 0.5) * days.length) / count)] as string;
    const physical = i % 3 === 0;
    const twoDay = physical && i % 6 === 0;
    if (twoDay && new Date(`${first}T12:00:00Z`).getUTCDay() === 5) first = addDays(first, -1);
    const meetingDaysOf = twoDay ? [first, addDays(first, 1)] : [first];
    const focusGroupId = FOCUS_GROUPS[i % FOCUS_GROUPS.length] as string;
    return {
      days: meetingDaysOf,
      // Digital meetings draw more people; sizes vary about threefold.
      weight: (physical ? 0.8 : 1.3) * (0.5 + random()),
      request: {
        title: `Nätverksträff ${i + 1} (${year})`,
        focusGroupId,
        kind: physical ? 'physical' : 'digital',
        days: meetingDaysOf,
        startTime: physical ? '09:30' : '10:00',
        endTime: physical ? '16:00' : '11:30',
        ...(physical
          ? { venue: `Stadshuset, sal ${(i % 7) + 1}` }
          : { onlineUrl: `https://meet.example.org/year-report-${year}-${i + 1}` }),
      },
    };
  });
};

interface Person {
  key: string;
  municipalityCode: string;
  role: Role;
}

/** One entry of the year's plan: someone who came (maybe walked in, maybe rated it) or never came. */
interface Entry {
  meeting: number;
  person: Person;
  kind: 'came' | 'walked-in' | 'no-show';
  evaluation?: { satisfaction: number; usefulness: number };
}

/**
 * The year's participations over `meetingWeights`, in a shuffled order: any prefix is a smaller
 * year over the same meetings (the first 650 of the 10,000 are a year of 650).
 */
const planEntries = (
  meetingWeights: readonly number[],
  participations: number,
  municipalityCodes: readonly string[],
  random: () => number,
): Entry[] => {
  // Large municipalities send more people (Zipf-like over a shuffled list); roles as the network's.
  const municipalityWeights = cumulate(municipalityCodes.map((_, i) => 1 / (i + 1) ** 0.7));
  const roleWeights = cumulate([5, 4, 3, 1.5, 2]);
  const people: Person[] = Array.from(
    { length: Math.ceil(participations / PARTICIPATIONS_PER_PERSON) },
    (_, i) => ({
      key: createHash('sha256').update(`year-report-person-${i}`).digest('base64url').slice(0, 22),
      municipalityCode: municipalityCodes[drawIndex(municipalityWeights, random)] as string,
      role: ROLES[drawIndex(roleWeights, random)] as Role,
    }),
  );
  const meetingCumulative = cumulate(meetingWeights);
  const taken = meetingWeights.map(() => new Set<number>());
  const entries: Entry[] = [];
  const pick = (meeting: number): Person => {
    const seen = taken[meeting] as Set<number>;
    for (;;) {
      const index = Math.floor(random() * people.length);
      if (seen.has(index)) continue;
      seen.add(index);
      return people[index] as Person;
    }
  };
  const rating = () => 3 + Math.floor(random() * 4);
  for (let n = 0; n < participations; n++) {
    const meeting = drawIndex(meetingCumulative, random);
    entries.push({
      meeting,
      person: pick(meeting),
      kind: random() < WALK_IN_SHARE ? 'walked-in' : 'came',
      ...(random() < EVALUATION_SHARE
        ? { evaluation: { satisfaction: rating(), usefulness: rating() } }
        : {}),
    });
    if (random() < NO_SHOW_SHARE) entries.push({ meeting, person: pick(meeting), kind: 'no-show' });
  }
  // Fisher–Yates with the seeded generator.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j] as Entry, entries[i] as Entry];
  }
  return entries;
};

/** The prefix of `entries` with `participations` people who came (walk-ins included). */
const prefixWith = (entries: readonly Entry[], participations: number): number => {
  let came = 0;
  for (let i = 0; i < entries.length; i++) {
    if ((entries[i] as Entry).kind !== 'no-show') came += 1;
    if (came === participations) return i + 1;
  }
  return entries.length;
};

/** Municipality codes outside Västra Götaland for an all-of-Sweden registry (the format, not SCB's list). */
const swedishCodes = (existing: ReadonlySet<string>, count: number): string[] => {
  const counties = ['01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13', '17', '18', '19'];
  const codes: string[] = [];
  for (let n = 0; codes.length < count; n++) {
    const code = `${counties[n % counties.length]}${String(10 + Math.floor(n / counties.length)).padStart(2, '0')}`;
    if (!existing.has(code)) codes.push(code);
  }
  return codes;
};

const lambdaContext = (): Context =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'count-statistics',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-north-1:000000000000:function:count-statistics',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/count-statistics',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

const readsOf = (totals: CapacityTotals): ReadFigures => ({
  requests: totals.requests,
  itemsRead: totals.itemsRead,
  billedReadUnits: round(totals.billedReadUnits, 1),
  byOperation: Object.fromEntries(
    Object.entries(totals.byOperation).map(([operation, tally]) => [
      operation,
      { requests: tally.requests, items: tally.items, billedUnits: round(tally.billedUnits, 1) },
    ]),
  ),
});

export const measureYearReport = async (options: {
  /** Participations per year, ascending: the first is also the network's 18-meeting year. */
  participations: readonly number[];
  samples: number;
  log: (line: string) => void;
  /**
   * The first events of each year handed one by one to the statistics consumer (the rest are summed by the
   * same counting and added in a few writes); default 300. DynamoDB Local takes 20–100 ms per
   * attendance event here (eight sequential writes), so 10,000 participations one by one would
   * take far longer than the benchmark's budget.
   */
  consumerEvents?: number;
}): Promise<YearReportScaleResult> => {
  const consumerEvents = options.consumerEvents ?? 300;
  const log = (line: string) => options.log(`year-report: ${line}`);
  const targets = [...options.participations].sort((a, b) => a - b);
  if (targets.length < 2) throw new Error('Give at least two numbers of participations to compare');
  const largest = targets[targets.length - 1] as number;
  const clock = new LocalClock({ frozenAt: new Date(`${NETWORK_YEAR}-01-02T07:00:00Z`) });
  const bench = await startBenchCloud({ tableName: 'bench-year-report', metered: true, clock, log });
  const { cloud, http, db: viaProxy } = bench;
  const { proxy, dynamo } = meteredParts(bench);
  // The feed and its bulk writes go around the proxy: only the report is metered.
  const feedPorts = awsPortsFrom({ ...config(), DYNAMODB_ENDPOINT: dynamo.endpoint }, clock);
  const direct = localDocumentClient(dynamo.endpoint);
  try {
    const random = seeded(20261127);

    // 1. The meetings, through the admin API while the clock stands in January of the first year.
    const plans = {
      network: planMeetings(NETWORK_YEAR, NETWORK_MEETINGS, random),
      sweden: planMeetings(SWEDEN_YEAR, SWEDEN_MEETINGS, random),
    };
    const ids = { network: [] as string[], sweden: [] as string[] };
    for (const which of ['network', 'sweden'] as const) {
      const plan = plans[which];
      const total = which === 'network' ? (targets[0] as number) : largest;
      const weightSum = plan.reduce((sum, meeting) => sum + meeting.weight, 0);
      const scheduled: string[] = new Array(plan.length);
      let next = 0;
      // Four admins at a time: the consumers of MeetingScheduled run meanwhile, as they would.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < plan.length) {
            const index = next++;
            const meeting = plan[index] as MeetingPlan;
            // Room for everyone the plan could send (its share, with margin for chance and no-shows).
            const capacity = Math.min(10_000, Math.ceil((2 * total * meeting.weight) / weightSum) + 50);
            const response = await http.send('POST', '/api/admin/meetings', {
              admin: true,
              body: { ...meeting.request, capacity },
            });
            const body = (await response.json()) as { id?: string };
            if (response.status !== 201 || !body.id)
              throw new Error(`scheduling answered ${response.status}: ${JSON.stringify(body)}`);
            scheduled[index] = body.id;
          }
        }),
      );
      ids[which] = scheduled;
    }
    await cloud.settle({ timeoutMs: 120_000 });
    const timers = cloud.scheduler.schedules().length;
    // Past the last meeting: the timers fire (reminders, meeting ended), every meeting is held.
    const fired = await cloud.advanceClock(
      Date.parse(`${SWEDEN_YEAR + 1}-01-10T08:00:00Z`) - clock.now().getTime(),
    );
    await cloud.settle({ timeoutMs: 120_000 });
    log(
      `${ids.network.length + ids.sweden.length} meetings scheduled and held (${timers} timers set, ${fired} fired)`,
    );

    const meetings = new Map<string, Meeting>();
    for (const id of [...ids.network, ...ids.sweden]) {
      const meeting = await feedPorts.meetings.meeting(id);
      if (!meeting) throw new Error(`meeting ${id} is not there`);
      meetings.set(id, meeting);
    }

    // 2. The feed. Each entry's events are built as outbox items (validated by their definitions).
    //    The first `consumerEvents` of each year go one by one to the deployed statistics consumer,
    //    EventBridge-shaped; the rest are counted by the same `countEvent` into an in-memory tally
    //    whose sums are added to the table through the real DynamoDbStatisticsBook. `expected`
    //    counts every event in memory, and the table must equal it after every step.
    const count = countStatisticsHandler(() => feedPorts);
    const table = cloud.tableName;
    const tallyPorts = (book: StatisticsTally) => ({
      statistics: book,
      // Counting asks the calendar for a meeting's year, group and kind only: read once above.
      meetings: { meeting: async (id: string) => meetings.get(id) } as unknown as CountingPorts['meetings'],
    });
    const tally = new StatisticsTally();
    const expected = new StatisticsTally();
    let eventsCounted = 0;
    const toConsumer = async (item: Record<string, unknown>) => {
      // The event as the pipe (its enrichment, then PutEvents) puts it on the bus.
      const busEvent = toBusEvent({
        eventName: 'INSERT',
        dynamodb: { NewImage: marshall(item) },
      } as never) as BusEvent;
      for (let attempt = 1; ; attempt++) {
        try {
          await count(busEvent, lambdaContext());
          return;
        } catch (error) {
          // As Lambda's async retries would: a conflict that outlasted the consumer's own budget.
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    };
    const writeAll = async (items: Record<string, unknown>[]) => {
      let next = 0;
      const writer = async () => {
        while (next < items.length) {
          const i = next;
          next += 25;
          let requests: Record<string, unknown>[] | undefined = items
            .slice(i, i + 25)
            .map((Item) => ({ PutRequest: { Item } }));
          while (requests && requests.length > 0) {
            const result = await direct.send(
              new BatchWriteCommand({ RequestItems: { [table]: requests as never } }),
            );
            requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
          }
        }
      };
      await Promise.all([writer(), writer(), writer()]);
    };
    /** Adds summed counters through the real book, in slices that keep each expression under 4 KB. */
    const addSums = async (sums: ReturnType<StatisticsTally['drain']>) => {
      const slices = (counters: Counters) => {
        const entries = Object.entries(counters).filter(([, amount]) => amount !== 0);
        return Array.from({ length: Math.ceil(entries.length / 150) }, (_, i) =>
          Object.fromEntries(entries.slice(i * 150, (i + 1) * 150)),
        );
      };
      const writes: Array<() => Promise<boolean>> = [];
      for (const [meetingId, counters] of sums.meetings)
        for (const slice of slices(counters))
          writes.push(() => feedPorts.statistics.addOnce(`bench-sum#${randomUUID()}`, meetingId, slice));
      for (const [year, counters] of sums.years)
        for (const slice of slices(counters))
          writes.push(() => feedPorts.statistics.addOnceToYear(`bench-sum#${randomUUID()}`, year, slice));
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < writes.length) await (writes[next++] as () => Promise<boolean>)();
        }),
      );
    };
    const yearsFedOneByOne = new Set<number>();
    const feed = async (year: number, meetingIds: readonly string[], entries: readonly Entry[]) => {
      const rows: Record<string, unknown>[] = [];
      const events: Array<{ item: Record<string, unknown>; event: StoredEvent }> = [];
      const emit = (pending: PendingEvent) => {
        const { item, event } = outboxPut(table, pending, { id: randomUUID(), now: clock.now() });
        events.push({ item: (item as { Put: { Item: Record<string, unknown> } }).Put.Item, event });
      };
      for (const entry of entries) {
        const meeting = meetings.get(meetingIds[entry.meeting] as string) as Meeting;
        const registrationId = randomUUID();
        const { municipalityCode, role } = entry.person;
        if (entry.kind !== 'walked-in') {
          const registration = prepareRegistration(
            meeting,
            {
              name: `Deltagare ${entry.person.key.slice(0, 6)}`,
              email: `${entry.person.key.slice(0, 12).toLowerCase()}@kommun.example`,
              municipalityCode,
              role,
              consent: true,
            },
            { id: registrationId, now: new Date(`${addDays(meeting.days[0] as string, -14)}T08:00:00Z`) },
          );
          rows.push({
            ...keys.registration(meeting.id, registrationId),
            type: 'registration',
            ...registration,
            status: 'confirmed',
          });
          emit({
            detailType: 'RegistrationReceived',
            detail: {
              registrationId,
              meetingId: meeting.id,
              status: 'confirmed',
              days: [...meeting.days],
              municipalityCode,
              role,
            },
          });
        }
        if (entry.kind === 'no-show') continue;
        for (const day of meeting.days) {
          rows.push({
            ...keys.attendance(meeting.id, day, registrationId),
            type: 'attendance',
            meetingId: meeting.id,
            day,
            registrationId,
            walkIn: entry.kind === 'walked-in',
            loggedAt: `${day}T16:00:00.000Z`,
          });
          emit({
            detailType: 'AttendanceLogged',
            detail: {
              meetingId: meeting.id,
              day,
              registrationId,
              walkIn: entry.kind === 'walked-in',
              role,
              participantKey: entry.person.key,
              municipalityCode,
            },
          });
        }
        if (entry.evaluation)
          emit({ detailType: 'EvaluationSubmitted', detail: { meetingId: meeting.id, ...entry.evaluation } });
      }
      const feedStarted = Date.now();
      // Only the first step of a year goes one by one: the consumer's once-markers are in the table,
      // the tally's only in memory, so a later one-by-one event could count a person again.
      const firstOfYear = !yearsFedOneByOne.has(year);
      yearsFedOneByOne.add(year);
      const oneByOne = firstOfYear ? events.slice(0, consumerEvents) : [];
      const summed = events.slice(oneByOne.length);
      for (const { event } of events) await countEvent(tallyPorts(expected), event);
      // The tally learns the consumer's once-keys too (a person counted there is not counted again).
      for (const { event } of oneByOne) await countEvent(tallyPorts(tally), event);
      tally.drain();
      for (const { event } of summed) await countEvent(tallyPorts(tally), event);
      let next = 0;
      await Promise.all([
        writeAll(rows),
        addSums(tally.drain()),
        ...Array.from({ length: FEED_CONCURRENCY }, async () => {
          while (next < oneByOne.length)
            await toConsumer((oneByOne[next++] as (typeof oneByOne)[number]).item);
        }),
      ]);
      eventsCounted += events.length;
      return {
        seconds: round((Date.now() - feedStarted) / 1000, 1),
        events: events.length,
        viaConsumer: oneByOne.length,
        rows: rows.length,
      };
    };
    /** The table's counters of a year must be what counting every event one by one gives. */
    const verify = async (year: number) => {
      const stored = await feedPorts.statistics.yearFigures(year);
      const want = expected.peek();
      let compared = 0;
      const same = (label: string, have: Counters, wanted: Counters) => {
        const names = new Set([...Object.keys(have), ...Object.keys(wanted)]);
        for (const name of names) {
          if ((have[name] ?? 0) !== (wanted[name] ?? 0))
            throw new Error(
              `${label}: counter ${name} is ${have[name]} in the table, ${wanted[name]} counted`,
            );
          compared += 1;
        }
      };
      for (const meeting of stored.meetings)
        same(`meeting ${meeting.meetingId}`, meeting.counters, want.meetings.get(meeting.meetingId) ?? {});
      same(`year ${year}`, stored.year, want.years.get(String(year)) ?? {});
      return compared;
    };
    // 3. One case: the report through the API (metered), the bare reference, the use case.
    const ports = awsPorts();
    const reportOnce = async (year: number, format: 'json' | 'csv' | 'html') => {
      const before = proxy.totals();
      const [ms, bytes] = await timed(async () => {
        const response = await http.send('GET', `/api/admin/reports/${year}?format=${format}`, {
          admin: true,
        });
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200) throw new Error(`report ${year} answered ${response.status}: ${body}`);
        return body.length;
      });
      return { ms, bytes, reads: capacityBetween(before, proxy.totals()) };
    };
    const bareRead = async (year: number) => {
      const query = async () => {
        let ExclusiveStartKey: QueryCommandInput['ExclusiveStartKey'];
        let items = 0;
        do {
          const page = await viaProxy.send(
            new QueryCommand({
              TableName: table,
              IndexName: GSI1.indexName,
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: { ':pk': gsi1.statsMeetingsOfYear(year) },
              ExclusiveStartKey,
            }),
          );
          items += page.Items?.length ?? 0;
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return items;
      };
      await Promise.all([
        query(),
        viaProxy.send(new GetCommand({ TableName: table, Key: keys.statsYear(year), ConsistentRead: true })),
      ]);
    };
    const measureCase = async (
      label: string,
      year: number,
      shape: Pick<
        YearReportCase,
        | 'meetings'
        | 'municipalities'
        | 'participations'
        | 'registrations'
        | 'evaluations'
        | 'feedS'
        | 'eventsViaConsumer'
        | 'rowsWritten'
        | 'countersVerified'
      >,
    ): Promise<YearReportCase> => {
      for (let i = 0; i < WARM_UP; i++) {
        await reportOnce(year, 'json');
        await bareRead(year);
        await yearReport(ports, year);
      }
      const samples = { api: [] as number[], bare: [] as number[], useCase: [] as number[] };
      let reads: CapacityTotals | undefined;
      let jsonBytes = 0;
      for (let n = 0; n < options.samples; n++) {
        const steps: Array<() => Promise<void>> = [
          async () => {
            const answer = await reportOnce(year, 'json');
            samples.api.push(answer.ms);
            jsonBytes = answer.bytes;
            reads ??= answer.reads;
            if (answer.reads.itemsRead !== reads.itemsRead)
              throw new Error(
                `items read changed between requests: ${reads.itemsRead} → ${answer.reads.itemsRead}`,
              );
          },
          async () => {
            samples.bare.push((await timed(() => bareRead(year)))[0]);
          },
          async () => {
            samples.useCase.push((await timed(() => yearReport(ports, year)))[0]);
          },
        ];
        for (let k = 0; k < steps.length; k++) await (steps[(n + k) % steps.length] as () => Promise<void>)();
      }
      const before = proxy.totals();
      await bareRead(year);
      const statistics = capacityBetween(before, proxy.totals());
      const csv = await reportOnce(year, 'csv');
      const html = await reportOnce(year, 'html');
      // Diagnostic: the pure building of the report from inputs read once (no I/O), the domain's share.
      const inputs = {
        year,
        generatedAt: clock.now().toISOString(),
        today: stockholmDate(clock.now()),
        figures: await ports.statistics.yearFigures(year),
        municipalities: await ports.registry.municipalities(),
        focusGroups: await ports.focusGroups.focusGroups(),
        surveys: await ports.archive.surveys(),
      };
      const build: number[] = [];
      for (let n = 0; n < options.samples; n++)
        build.push((await timed(async () => buildYearReport(inputs)))[0]);
      const api = figures(samples.api);
      const bare = figures(samples.bare);
      const useCase = figures(samples.useCase);
      const result: YearReportCase = {
        label,
        year,
        ...shape,
        eventsCounted,
        api,
        reads: readsOf(reads as CapacityTotals),
        statisticsItemsRead: statistics.itemsRead,
        statisticsBilledReadUnits: round(statistics.billedReadUnits, 1),
        responseBytes: { json: jsonBytes, csv: csv.bytes, html: html.bytes },
        csv: { ms: round(csv.ms), itemsRead: csv.reads.itemsRead },
        html: { ms: round(html.ms), itemsRead: html.reads.itemsRead },
        bare,
        useCase,
        build: figures(build),
        reportP50Ratio: ratio(api.p50Ms, bare.p50Ms),
        useCaseP50Ratio: ratio(useCase.p50Ms, bare.p50Ms),
      };
      log(
        `${label}: p50 ${api.p50Ms} ms (bare ${bare.p50Ms} ms, use case ${useCase.p50Ms} ms, build ${result.build.p50Ms} ms), ${result.reads.itemsRead} items / ` +
          `${result.reads.billedReadUnits} RRU per report (statistics ${result.statisticsItemsRead}), json ${jsonBytes} B`,
      );
      return result;
    };

    const shapeOf = (entries: readonly Entry[]) => ({
      participations: entries.filter((e) => e.kind !== 'no-show').length,
      registrations: entries.filter((e) => e.kind !== 'walked-in').length,
      evaluations: entries.filter((e) => e.evaluation).length,
    });
    const cases: YearReportCase[] = [];

    // 4. The network's year: 18 meetings, Västra Götaland.
    const vgCodes = (await ports.registry.municipalities()).map((m) => m.code);
    const networkEntries = planEntries(
      plans.network.map((m) => m.weight),
      targets[0] as number,
      vgCodes,
      random,
    );
    const networkFeed = await feed(NETWORK_YEAR, ids.network, networkEntries);
    log(
      `fed ${networkFeed.events} events (${networkFeed.viaConsumer} via the consumer) and ${networkFeed.rows} rows for ${targets[0]} participations in ${networkFeed.seconds} s`,
    );
    cases.push(
      await measureCase(`${NETWORK_MEETINGS} meetings, ${targets[0]} participations`, NETWORK_YEAR, {
        meetings: NETWORK_MEETINGS,
        municipalities: vgCodes.length,
        ...shapeOf(networkEntries),
        eventsViaConsumer: networkFeed.viaConsumer,
        rowsWritten: networkFeed.rows,
        countersVerified: await verify(NETWORK_YEAR),
        feedS: networkFeed.seconds,
      }),
    );

    // 5. All of Sweden: 290 municipalities in the registry, 150 meetings filled step by step.
    const others = swedishCodes(new Set(vgCodes), SWEDEN_MUNICIPALITIES - vgCodes.length);
    for (const code of others)
      await saveMunicipality(ports.registry, {
        code,
        name: `Kommun ${code}`,
        memberships: [{ from: '2020-01-01' }],
      });
    await cloud.settle({ timeoutMs: 120_000 });
    const swedenCodes = [...vgCodes, ...others];
    // Shuffled, so that the largest senders are not all in one county.
    for (let i = swedenCodes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [swedenCodes[i], swedenCodes[j]] = [swedenCodes[j] as string, swedenCodes[i] as string];
    }
    const swedenEntries = planEntries(
      plans.sweden.map((m) => m.weight),
      largest,
      swedenCodes,
      random,
    );
    let done = 0;
    for (const target of targets) {
      const upTo = prefixWith(swedenEntries, target);
      const step = await feed(SWEDEN_YEAR, ids.sweden, swedenEntries.slice(done, upTo));
      done = upTo;
      log(
        `fed ${step.events} events (${step.viaConsumer} via the consumer) and ${step.rows} rows up to ${target} participations in ${step.seconds} s`,
      );
      cases.push(
        await measureCase(`${SWEDEN_MEETINGS} meetings, ${target} participations`, SWEDEN_YEAR, {
          meetings: SWEDEN_MEETINGS,
          municipalities: swedenCodes.length,
          ...shapeOf(swedenEntries.slice(0, upTo)),
          eventsViaConsumer: step.viaConsumer,
          rowsWritten: step.rows,
          countersVerified: await verify(SWEDEN_YEAR),
          feedS: step.seconds,
        }),
      );
    }

    const from = cases[1] as YearReportCase;
    const to = cases[cases.length - 1] as YearReportCase;
    return {
      samples: options.samples,
      warmUp: WARM_UP,
      cases,
      growth: {
        from: from.label,
        to: to.label,
        participationsRatio: ratio(to.participations, from.participations),
        itemsReadFrom: from.reads.itemsRead,
        itemsReadTo: to.reads.itemsRead,
        itemsReadGrowthRatio: ratio(to.reads.itemsRead, from.reads.itemsRead),
        billedReadUnitsFrom: from.reads.billedReadUnits,
        billedReadUnitsTo: to.reads.billedReadUnits,
        billedReadUnitsGrowthRatio: ratio(to.reads.billedReadUnits, from.reads.billedReadUnits),
        p50MsFrom: from.api.p50Ms,
        p50MsTo: to.api.p50Ms,
        latencyGrowthRatio: ratio(to.api.p50Ms, from.api.p50Ms),
        bareP50MsFrom: from.bare.p50Ms,
        bareP50MsTo: to.bare.p50Ms,
        bareGrowthRatio: ratio(to.bare.p50Ms, from.bare.p50Ms),
        jsonBytesFrom: from.responseBytes.json,
        jsonBytesTo: to.responseBytes.json,
      },
    };
  } finally {
    direct.destroy();
    await bench.stop();
  }
};

/** Rows for docs/performance.md's table `| # | figure | measured | reference (same run) | ratio | goal |`. */
export const yearReportRows = (result: YearReportScaleResult): string[] => {
  const rows: string[] = [];
  for (const c of result.cases) {
    rows.push(
      `| 7 | year report p50, ${c.label} (${c.municipalities} municipalities), ${result.samples} via the local API | ${ms(c.api.p50Ms)} (p99 ${ms(c.api.p99Ms)}) | bare Query + GetItem of its ${c.statisticsItemsRead} statistics items: ${ms(c.bare.p50Ms)} | ${times(c.reportP50Ratio)} | — |`,
      `| 7 | items read per report, ${c.label} | ${c.reads.itemsRead} in ${c.reads.requests} requests, ${c.reads.billedReadUnits} read units; JSON ${kb(c.responseBytes.json)} | statistics items ${c.statisticsItemsRead} (${c.meetings} meetings + the year), ${c.statisticsBilledReadUnits} read units | — | — |`,
    );
  }
  const g = result.growth;
  rows.push(
    `| 7 | items read growth, ${g.from} → ${g.to} (${times(g.participationsRatio)} participations) | ${g.itemsReadTo} | ${g.itemsReadFrom} | ${times(g.itemsReadGrowthRatio)} | 1× (bounded) |`,
    `| 7 | read units growth, same comparison | ${g.billedReadUnitsTo} | ${g.billedReadUnitsFrom} | ${times(g.billedReadUnitsGrowthRatio)} | — |`,
    `| 7 | report p50 growth, same comparison | ${ms(g.p50MsTo)} | ${ms(g.p50MsFrom)} | ${times(g.latencyGrowthRatio)} | 1× (bounded) |`,
    `| 7 | bare Query + GetItem p50 growth, same comparison | ${ms(g.bareP50MsTo)} | ${ms(g.bareP50MsFrom)} | ${times(g.bareGrowthRatio)} | — |`,
  );
  return rows;
};
