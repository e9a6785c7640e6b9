/**
 * Issue 8, item 6 — consumed DynamoDB capacity per use case, against the minimum the data model
 * allows. A local cloud of its own: its own in-memory DynamoDB Local on a free port, the metering
 * proxy of capacity-proxy.ts in front of it, and `startLocalCloud` pointed at the proxy, so that
 * every DynamoDB call of every handler and consumer is counted (the stream pipe's reads of the
 * stream pass through uncounted: they are not billed per request unit).
 *
 * Each use case is driven through the local API and measured in two phases:
 * - **request**: the proxy's totals before and after the HTTP call. While the call runs, the bus
 *   holds what the stream pipe hands it, so no consumer can run and be counted as the request;
 * - **consumers**: the held events are let go and `cloud.settle()` waits for everything they set
 *   off (transitively). `settle()` itself Scans the table to look for events not yet on the bus;
 *   no request path or consumer scans (docs/data-model.md: "No request path scans"), so the Scans
 *   of that phase are the bench's own and are taken out.
 *
 * Units are billed units (transactional operations ×2, see capacity-proxy.ts). The minimum of each
 * use case is data below (`MINIMA`): the item accesses the data model's access patterns cannot do
 * without, each priced by the size of the items this run actually stored.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { paginateScan } from '@aws-sdk/client-dynamodb';
import { addDays, stockholmDate, stockholmInstant } from '../domain/shared/stockholm-time';
import { LocalClock } from '../local/local-clock';
import { readLocalInbox, type StoredMail } from '../local/ses-local';
import { type CapacityTotals, capacityBetween } from './capacity-proxy';
import { localDynamoClient, meteredParts, round, startBenchCloud } from './harness';

// ---------------------------------------------------------------------------------------------
// The minimum per use case, derived by hand from docs/data-model.md.
// ---------------------------------------------------------------------------------------------

/**
 * One kind of item access the use case cannot do without.
 * - `write`: a standard write, ⌈size / 1 KB⌉ WRU per item;
 * - `txWrite`: a write inside TransactWriteItems, 2 × ⌈size / 1 KB⌉;
 * - `read`: an eventually consistent read, ½ × ⌈size / 4 KB⌉ RRU (a Query sums the sizes first);
 * - `strongRead`: a strongly consistent read, ⌈size / 4 KB⌉.
 * `item` names the stored item type whose largest size this run prices the access with.
 */
export interface MinimalAccess {
  kind: 'write' | 'txWrite' | 'read' | 'strongRead';
  item: string;
  count: number;
  /** A Query returning `count` items of this type is one read of their summed size. */
  query?: boolean;
}

export interface Minimum {
  /** Why these accesses and no fewer (one line). */
  why: string;
  request: readonly MinimalAccess[];
  /** The consumers' share: each consumer run at least claims and completes its receipt (pattern 8). */
  consumers: readonly MinimalAccess[];
  consumersWhy: string;
}

/** Claim + done of one consumer receipt (pattern 8): two standard writes of a small item. */
const receipts = (consumers: number): MinimalAccess => ({
  kind: 'write',
  item: 'receipt',
  count: 2 * consumers,
});
/** The statistics consumer counts a registration or answer once into its meeting's figures (pattern 26): marker + counters in one transaction. */
const counted: MinimalAccess[] = [
  { kind: 'txWrite', item: 'stats-once', count: 1 },
  { kind: 'txWrite', item: 'stats-meeting', count: 1 },
];

export const USE_CASES = [
  'registerSeat',
  'registerWaitingList',
  'cancelWithPromotion',
  'logAttendance',
  'submitEvaluation',
  'scheduleMeeting',
  'listMeetings',
  'yearReport',
  'closeYearPerMember',
  'subscribe',
] as const;
export type UseCase = (typeof USE_CASES)[number];

export const LABELS: Record<UseCase, string> = {
  registerSeat: 'register (seat)',
  registerWaitingList: 'register (waiting list)',
  cancelWithPromotion: 'cancel through the link, first waiting promoted',
  logAttendance: 'log attendance (one person, by e-mail)',
  submitEvaluation: 'submit an evaluation',
  scheduleMeeting: 'schedule a meeting',
  listMeetings: 'list meetings (public page)',
  yearReport: 'the year report',
  closeYearPerMember: 'close a year, per member (invoiced or not)',
  subscribe: 'subscribe to a focus group list',
};

export const MINIMA: Record<UseCase, Minimum> = {
  registerSeat: {
    why: 'pattern 6: read meeting + municipality (patterns 2, 3); write guard, meeting counter, registration, event — as one transaction',
    request: [
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'read', item: 'municipality', count: 1 },
      { kind: 'txWrite', item: 'registration-email', count: 1 },
      { kind: 'txWrite', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'RegistrationReceived → confirmation (read registration + meeting), person index (1 put), statistics, the arrival promotion check (nobody waits: no read); 4 receipts',
    consumers: [
      receipts(4),
      { kind: 'read', item: 'registration', count: 1 },
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'write', item: 'person-index', count: 1 },
      ...counted,
    ],
  },
  registerWaitingList: {
    why: 'as a seat: the same four items in one transaction, the counter taking a queue place',
    request: [
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'read', item: 'municipality', count: 1 },
      { kind: 'txWrite', item: 'registration-email', count: 1 },
      { kind: 'txWrite', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'as a seat, plus the promotion check of a waitlisted arrival (pattern 19: one Query of the registrations); 4 receipts',
    consumers: [
      receipts(4),
      { kind: 'read', item: 'registration', count: 1 },
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'strongRead', item: 'registration', count: 3, query: true },
      { kind: 'write', item: 'person-index', count: 1 },
      ...counted,
    ],
  },
  cancelWithPromotion: {
    why: 'pattern 20: consistent read of the registration, then one transaction: registration, guard delete, meeting counters, event',
    request: [
      { kind: 'strongRead', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'registration-email', count: 1 },
      { kind: 'txWrite', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'promotion: waiting list Query (19) + transaction of 3 (21); RegistrationPromoted → notice (read registration + meeting); statistics of both events; 4 receipts',
    consumers: [
      receipts(4),
      { kind: 'strongRead', item: 'registration', count: 3, query: true },
      { kind: 'txWrite', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
      { kind: 'read', item: 'registration', count: 1 },
      { kind: 'read', item: 'meeting', count: 1 },
      ...counted,
      ...counted,
    ],
  },
  logAttendance: {
    why: 'pattern 22: read meeting, guard (by e-mail) and registration; one transaction: attendance + event',
    request: [
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'read', item: 'registration-email', count: 1 },
      { kind: 'read', item: 'registration', count: 1 },
      { kind: 'txWrite', item: 'attendance', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'AttendanceLogged → person index (1 put); statistics: once per meeting (marker + meeting figures) and, for distinct people, one transaction of the 5 slice markers + the year counters; 3 receipts',
    consumers: [
      receipts(3),
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'write', item: 'person-index', count: 1 },
      { kind: 'txWrite', item: 'stats-once', count: 1 },
      { kind: 'txWrite', item: 'stats-meeting', count: 1 },
      { kind: 'txWrite', item: 'stats-once', count: 5 },
      { kind: 'txWrite', item: 'stats-counters', count: 1 },
    ],
  },
  submitEvaluation: {
    why: 'pattern 23: read meeting; one transaction: has-answered mark + answer + event',
    request: [
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'evaluated', count: 1 },
      { kind: 'txWrite', item: 'answer', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy: 'EvaluationSubmitted → statistics; 1 receipt',
    consumers: [receipts(1), ...counted],
  },
  scheduleMeeting: {
    why: 'pattern 5: read the focus group; one transaction: meeting + event',
    request: [
      { kind: 'read', item: 'focus-group', count: 1 },
      { kind: 'txWrite', item: 'meeting', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'MeetingScheduled → timers (no table access but its receipt), announcement (Query of confirmed subscribers: none here), statistics (read the meeting, write its facts); 3 receipts',
    consumers: [
      receipts(3),
      { kind: 'read', item: 'subscriber', count: 1, query: true },
      { kind: 'read', item: 'meeting', count: 1 },
      { kind: 'write', item: 'stats-meeting', count: 1 },
    ],
  },
  listMeetings: {
    why: 'patterns 1 and 4: one Query of the upcoming meetings, one of the focus groups',
    request: [
      { kind: 'read', item: 'meeting', count: 1, query: true },
      { kind: 'read', item: 'focus-group', count: 3, query: true },
    ],
    consumersWhy: 'none',
    consumers: [],
  },
  yearReport: {
    why: 'patterns 27–29: frozen report Get, Query of the year’s meeting figures, year counters Get, surveys Query',
    request: [
      { kind: 'read', item: 'report', count: 1 },
      { kind: 'read', item: 'stats-meeting', count: 4, query: true },
      { kind: 'read', item: 'stats-counters', count: 1 },
      { kind: 'read', item: 'survey', count: 1, query: true },
    ],
    consumersWhy: 'none',
    consumers: [],
  },
  closeYearPerMember: {
    why: 'pattern 15 once (year mark + event, after a consistent read of the next schedule), shared by all members',
    request: [
      { kind: 'strongRead', item: 'fee-schedule', count: 1 },
      { kind: 'txWrite', item: 'year', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy:
      'member invoiced: consistent Get of key + series, issue transaction of 4 (pattern 16), InvoiceIssued → send (read the invoice, 1 receipt); member not invoiced: mark + event in one transaction; weighted by this run’s mix',
    consumers: [
      { kind: 'strongRead', item: 'invoice-key', count: 1 },
      { kind: 'strongRead', item: 'invoice-series', count: 1 },
      { kind: 'txWrite', item: 'invoice-key', count: 1 },
      { kind: 'txWrite', item: 'invoice-series', count: 1 },
      { kind: 'txWrite', item: 'invoice', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
      receipts(1),
      { kind: 'read', item: 'invoice', count: 1 },
    ],
  },
  subscribe: {
    why: 'read the focus group; one transaction: subscriber (pending) + event',
    request: [
      { kind: 'read', item: 'focus-group', count: 1 },
      { kind: 'txWrite', item: 'subscriber', count: 1 },
      { kind: 'txWrite', item: 'event', count: 1 },
    ],
    consumersWhy: 'SubscriptionRequested → confirmation mail (read the subscriber); 1 receipt',
    consumers: [receipts(1), { kind: 'read', item: 'subscriber', count: 1 }],
  },
};

// ---------------------------------------------------------------------------------------------
// Item sizes, as DynamoDB counts them.
// ---------------------------------------------------------------------------------------------

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * DynamoDB's size of an attribute value (the "item sizes" rules of the developer guide): strings
 * and binaries their bytes, numbers about one byte per two significant digits plus one, a map or
 * list 3 bytes plus 1 per element plus its elements (with the names of a map's keys), null and
 * booleans 1.
 */
export const attributeSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + Math.ceil(n.length / 2) + 1, 0);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeSize(v), 0);
  if (value.M)
    return 3 + Object.entries(value.M).reduce((sum, [key, v]) => sum + 1 + utf8(key) + attributeSize(v), 0);
  return 0;
};

export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + attributeSize(value), 0);

/** The stored item type by its keys (the `type` attribute is not on every item). */
const itemType = (item: Record<string, AttributeValue>): string => {
  const pk = item.PK?.S ?? '';
  const sk = item.SK?.S ?? '';
  if (item.type?.S === 'event') return 'event';
  if (pk.startsWith('RECEIPT#')) return 'receipt';
  if (pk.startsWith('PERSON#')) return 'person-index';
  if (pk.startsWith('STATS_ONCE')) return 'stats-once';
  if (pk.startsWith('STATS_MEETING#')) return 'stats-meeting';
  if (pk.startsWith('STATS_YEAR#')) return 'stats-counters';
  if (pk.startsWith('REPORT#')) return 'report';
  if (pk === 'SURVEYS') return 'survey';
  if (pk.startsWith('MEETING#')) {
    const prefix = sk.split('#')[0] ?? '';
    return (
      {
        MEETING: 'meeting',
        REGISTRATION: 'registration',
        ATTENDANCE: 'attendance',
        ANNOUNCED: 'announced',
        ANSWER: 'answer',
        EVALUATED: 'evaluated',
        EVALUATION_INVITED: 'evaluation-invited',
        EMAIL: 'registration-email',
      }[prefix] ?? `meeting/${prefix}`
    );
  }
  if (pk.startsWith('FOCUS_GROUP#')) return sk.startsWith('SUBSCRIBER#') ? 'subscriber' : 'focus-group';
  const head = (pk.split('#')[0] ?? pk).toLowerCase().replaceAll('_', '-');
  return head;
};

export interface ItemSizes {
  /** Largest size per item type, bytes. */
  largest: Record<string, number>;
  count: Record<string, number>;
  totalBytes: number;
  items: number;
}

const storedItemSizes = async (endpoint: string, tableName: string): Promise<ItemSizes> => {
  const client = localDynamoClient(endpoint);
  const sizes: ItemSizes = { largest: {}, count: {}, totalBytes: 0, items: 0 };
  try {
    for await (const page of paginateScan({ client }, { TableName: tableName }))
      for (const item of page.Items ?? []) {
        const type = itemType(item);
        const size = itemSize(item);
        // Every item pays 100 bytes of index overhead in storage (the storage figure of docs/cost.md).
        sizes.totalBytes += size + 100;
        sizes.items += 1;
        sizes.largest[type] = Math.max(sizes.largest[type] ?? 0, size);
        sizes.count[type] = (sizes.count[type] ?? 0) + 1;
      }
  } finally {
    client.destroy();
  }
  return sizes;
};

/**
 * Item types with a GSI1 key (docs/data-model.md): each write of one also writes its index entry,
 * ⌈size / 1 KB⌉ more write units (standard, also inside a transaction; see capacity-proxy.ts).
 */
export const INDEXED = new Set([
  'event',
  'meeting',
  'stats-meeting',
  'invoice',
  'municipality',
  'focus-group',
]);

/** The minimum units of a list of accesses, priced by the stored items' sizes. */
export const minimumUnits = (
  accesses: readonly MinimalAccess[],
  largest: Record<string, number>,
): { readUnits: number; writeUnits: number } => {
  let readUnits = 0;
  let writeUnits = 0;
  for (const access of accesses) {
    // An item type this run never stored (e.g. no survey) is priced as the smallest item: 1 byte.
    const size = Math.max(1, largest[access.item] ?? 1);
    const index = INDEXED.has(access.item) ? Math.ceil(size / 1024) : 0;
    switch (access.kind) {
      case 'write':
        writeUnits += access.count * (Math.ceil(size / 1024) + index);
        break;
      case 'txWrite':
        writeUnits += access.count * (2 * Math.ceil(size / 1024) + index);
        break;
      case 'read':
      case 'strongRead': {
        const factor = access.kind === 'read' ? 0.5 : 1;
        readUnits += access.query
          ? factor * Math.ceil((access.count * size) / 4096)
          : access.count * factor * Math.ceil(size / 4096);
        break;
      }
    }
  }
  return { readUnits, writeUnits };
};

// ---------------------------------------------------------------------------------------------
// The measurement.
// ---------------------------------------------------------------------------------------------

/** What one phase of a use case consumed. */
export interface PhaseCapacity {
  readUnits: number;
  writeUnits: number;
  requests: number;
  /** Per DynamoDB operation: requests, refused, billed units. */
  byOperation: Record<string, { requests: number; refused: number; billedUnits: number; items: number }>;
}

export interface UseCaseSample {
  request: PhaseCapacity;
  consumers: PhaseCapacity;
  /** Consumer invocations (bus deliveries, retries included), by consumer. */
  invocations: Record<string, number>;
  /** Events put on the bus, by detail type. */
  events: Record<string, number>;
  mails: number;
  attachmentBytes: number;
  mailBytes: number;
  requestMs: number;
  /** How many the sample stands for (close a year: the invoices issued; otherwise 1). */
  per: number;
}

export interface UseCaseCapacity {
  label: string;
  samples: number;
  /** Means over the samples, per unit (`per`). */
  request: { readUnits: number; writeUnits: number; requests: number };
  consumers: { readUnits: number; writeUnits: number; requests: number };
  /** Mean per sample of each operation, request and consumers. */
  requestOperations: PhaseCapacity['byOperation'];
  consumerOperations: PhaseCapacity['byOperation'];
  invocations: number;
  invocationsBy: Record<string, number>;
  events: number;
  eventsBy: Record<string, number>;
  mails: number;
  mailBytes: number;
  attachmentBytes: number;
  requestMs: number;
  minimum: {
    why: string;
    consumersWhy: string;
    request: { readUnits: number; writeUnits: number };
    consumers: { readUnits: number; writeUnits: number };
  };
  /**
   * measured / minimum in write-equivalent units (WRU + RRU / 5: on demand a read request unit
   * costs a fifth of a write request unit), request and consumers together.
   */
  ratio: number;
  requestRatio: number;
  consumersRatio: number;
}

export interface CapacityResult {
  repetitions: number;
  useCases: Record<UseCase, UseCaseCapacity>;
  itemSizes: ItemSizes;
  /** `<useCase>CapacityRatio`: measured / minimum, write-equivalent units. */
  ratios: Record<`${UseCase}CapacityRatio`, number>;
  durationS: number;
}

const phase = (totals: CapacityTotals, withoutScans = false): PhaseCapacity => {
  const byOperation: PhaseCapacity['byOperation'] = {};
  let readUnits = totals.billedReadUnits;
  let requests = totals.requests;
  for (const [operation, tally] of Object.entries(totals.byOperation)) {
    if (withoutScans && operation === 'Scan') {
      readUnits -= tally.billedUnits;
      requests -= tally.requests;
      continue;
    }
    byOperation[operation] = {
      requests: tally.requests,
      refused: tally.refused,
      billedUnits: tally.billedUnits,
      items: tally.items,
    };
  }
  return { readUnits, writeUnits: totals.billedWriteUnits, requests, byOperation };
};

const tally = (map: Record<string, number>, key: string, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

const writeEquivalent = (units: { readUnits: number; writeUnits: number }) =>
  units.writeUnits + units.readUnits / 5;

const mean = (values: readonly number[]) =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

const PEOPLE = ['ada', 'bo', 'cia'] as const;

export const measureCapacity = async (options: {
  log: (line: string) => void;
  repetitions?: number;
}): Promise<CapacityResult> => {
  const log = (line: string) => options.log(`capacity: ${line}`);
  const repetitions = options.repetitions ?? 3;
  const started = Date.now();
  // Tomorrow 07:00 UTC, frozen: the clock moves only here (reminders, meeting end, year close).
  const start = new Date();
  start.setUTCHours(7, 0, 0, 0);
  const bench = await startBenchCloud({
    tableName: 'bench-capacity',
    metered: true,
    clock: new LocalClock({ frozenAt: new Date(start.getTime() + 86_400_000) }),
  });
  const { cloud: c, http } = bench;
  const { proxy, dynamo } = meteredParts(bench);
  try {
    await c.settle({ timeoutMs: 120_000 });
    log(`local cloud up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The bus holds what the pipe hands it while a request runs (see the header).
    const bus = c.bus;
    const deliver = bus.put.bind(bus);
    let holding = false;
    let held: Parameters<typeof bus.put>[0][] = [];
    let seen: Record<string, number> = {};
    bus.put = (event) => {
      tally(seen, event['detail-type']);
      if (holding) held.push(event);
      else deliver(event);
    };

    /** One request of a use case; throws unless it succeeded (a refused request measures nothing). */
    const call = (method: string, path: string, body?: unknown, as: { admin?: boolean } = {}) =>
      http.json(method, path, { body, ...as });
    const admin = { admin: true };
    const inbox = () => readLocalInbox(c.sesUrl);
    const mailBytes = (mail: StoredMail) =>
      utf8(mail.subject) +
      utf8(mail.body.text ?? '') +
      utf8(mail.body.html ?? '') +
      (mail.attachments ?? []).reduce((sum, a) => sum + a.size, 0);

    const samples = Object.fromEntries(USE_CASES.map((u) => [u, [] as UseCaseSample[]])) as Record<
      UseCase,
      UseCaseSample[]
    >;
    /** One use case: the request with the bus held, then its consumers to the end. */
    const measure = async <T>(
      useCase: UseCase,
      action: () => Promise<T>,
      per: (events: Record<string, number>) => number = () => 1,
    ): Promise<T> => {
      const mailBefore = (await inbox()).length;
      const attemptedBefore = new Map(bus.attempted);
      seen = {};
      holding = true;
      held = [];
      const before = proxy.totals();
      const requestStarted = performance.now();
      let result: T;
      try {
        result = await action();
      } finally {
        holding = false;
      }
      const requestMs = performance.now() - requestStarted;
      const afterRequest = proxy.totals();
      for (const event of held) deliver(event);
      await c.settle({ timeoutMs: 180_000 });
      const afterConsumers = proxy.totals();
      const mail = (await inbox()).slice(mailBefore);
      const invocations: Record<string, number> = {};
      for (const [rule, n] of bus.attempted) {
        const diff = n - (attemptedBefore.get(rule) ?? 0);
        if (diff > 0) invocations[rule] = diff;
      }
      const events = { ...seen };
      samples[useCase].push({
        request: phase(capacityBetween(before, afterRequest)),
        consumers: phase(capacityBetween(afterRequest, afterConsumers), true),
        invocations,
        events,
        mails: mail.length,
        mailBytes: mail.reduce((sum, m) => sum + mailBytes(m), 0),
        attachmentBytes: mail.reduce(
          (sum, m) => sum + (m.attachments ?? []).reduce((s, a) => s + a.size, 0),
          0,
        ),
        requestMs,
        per: per(events),
      });
      return result;
    };
    const advanceTo = async (at: Date) => {
      await c.advanceClock(Math.max(0, at.getTime() - c.clock.now().getTime()));
      await c.settle({ timeoutMs: 120_000 });
    };
    const tokenIn = async (to: string, page: 'cancel' | 'evaluate'): Promise<string> => {
      const mail = (await inbox()).filter((m) => m.destination.to.includes(to));
      for (const m of mail.reverse()) {
        const match = new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(m.body.text ?? '');
        if (match?.[1]) return decodeURIComponent(match[1]);
      }
      throw new Error(`No ${page} link in the mail to ${to}`);
    };

    for (let r = 0; r < repetitions; r++) {
      const email = (who: string) => `${who}-${r}@alingsas.example`;
      await measure('subscribe', () =>
        call('POST', '/api/focus-groups/fair-trade/subscriptions', {
          email: email('list'),
          language: 'sv',
          consent: true,
        }),
      );
      const day = addDays(stockholmDate(c.clock.now()), 10);
      const meeting = await measure('scheduleMeeting', () =>
        call(
          'POST',
          '/api/admin/meetings',
          {
            title: `Kapacitetsmätning ${r + 1}`,
            focusGroupId: 'fair-trade',
            kind: 'physical',
            days: [day],
            startTime: '10:00',
            endTime: '12:00',
            venue: 'Rådhuset, Alingsås',
            capacity: 2,
          },
          admin,
        ),
      );
      const meetingId = String(meeting.id);
      for (const who of PEOPLE) {
        c.clock.advance(1000);
        await measure(who === 'cia' ? 'registerWaitingList' : 'registerSeat', () =>
          call('POST', `/api/meetings/${meetingId}/registrations`, {
            name: `${who} Andersson`,
            email: email(who),
            municipalityCode: '1489',
            role: 'fairtrade-coordinator',
            consent: true,
          }),
        );
      }
      await measure('listMeetings', () => call('GET', '/api/meetings'));
      const cancelToken = await tokenIn(email('bo'), 'cancel');
      await measure('cancelWithPromotion', () =>
        call('POST', `/api/registrations/${encodeURIComponent(cancelToken)}/cancel`),
      );
      await advanceTo(stockholmInstant(day, '10:30'));
      for (const who of ['ada', 'cia'])
        await measure('logAttendance', () =>
          call('POST', `/api/admin/meetings/${meetingId}/attendance`, { day, emails: [email(who)] }, admin),
        );
      await advanceTo(stockholmInstant(day, '12:01'));
      const evaluationToken = await tokenIn(email('ada'), 'evaluate');
      await measure('submitEvaluation', () =>
        call('POST', `/api/evaluations/${encodeURIComponent(evaluationToken)}`, {
          satisfaction: 5,
          usefulness: 6,
          comment: 'Bra exempel från andra kommuner.',
        }),
      );
      const year = stockholmDate(c.clock.now()).slice(0, 4);
      await measure('yearReport', () => call('GET', `/api/admin/reports/${year}`, undefined, admin));
      await advanceTo(new Date(c.clock.now().getTime() + 4 * 86_400_000));
      log(`repetition ${r + 1}/${repetitions} done`);
    }

    // Closing a year once per fee year the seed can invoice (2023 → the 2024 fees, 2024 → 2025).
    for (const year of [2023, 2024]) {
      await measure(
        'closeYearPerMember',
        () => call('POST', `/api/admin/years/${year}/close`, undefined, admin),
        (events) => (events.InvoiceIssued ?? 0) + (events.MemberNotInvoiced ?? 0) || 1,
      );
      log(`closed ${year}`);
    }

    const itemSizes = await storedItemSizes(dynamo.endpoint, c.tableName);
    const useCases = Object.fromEntries(
      USE_CASES.map((useCase) => [useCase, summarise(useCase, samples[useCase], itemSizes.largest)]),
    ) as Record<UseCase, UseCaseCapacity>;
    const ratios = Object.fromEntries(
      USE_CASES.map((useCase) => [`${useCase}CapacityRatio`, useCases[useCase].ratio]),
    ) as CapacityResult['ratios'];
    return {
      repetitions,
      useCases,
      itemSizes,
      ratios,
      durationS: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await bench.stop();
  }
};

const meanOperations = (
  phases: readonly PhaseCapacity[],
  per: readonly number[],
): PhaseCapacity['byOperation'] => {
  const out: PhaseCapacity['byOperation'] = {};
  phases.forEach((p, i) => {
    const n = (per[i] ?? 1) * phases.length;
    for (const [operation, t] of Object.entries(p.byOperation)) {
      const o = out[operation] ?? { requests: 0, refused: 0, billedUnits: 0, items: 0 };
      out[operation] = o;
      o.requests += t.requests / n;
      o.refused += t.refused / n;
      o.billedUnits += t.billedUnits / n;
      o.items += t.items / n;
    }
  });
  for (const o of Object.values(out)) {
    o.requests = round(o.requests);
    o.refused = round(o.refused);
    o.billedUnits = round(o.billedUnits);
    o.items = round(o.items);
  }
  return out;
};

const summarise = (
  useCase: UseCase,
  samples: readonly UseCaseSample[],
  largest: Record<string, number>,
): UseCaseCapacity => {
  const per = samples.map((s) => s.per);
  const perMean = (pick: (s: UseCaseSample) => number) => round(mean(samples.map((s) => pick(s) / s.per)));
  const byKey = (pick: (s: UseCaseSample) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const s of samples)
      for (const [k, v] of Object.entries(pick(s))) tally(out, k, v / s.per / samples.length);
    for (const k of Object.keys(out)) out[k] = round(out[k] as number);
    return out;
  };
  const minimum = MINIMA[useCase];
  type Units = { readUnits: number; writeUnits: number };
  const scale = (u: Units, by: number): Units => ({
    readUnits: u.readUnits * by,
    writeUnits: u.writeUnits * by,
  });
  const add = (a: Units, b: Units): Units => ({
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
  });
  // Close a year: the request is shared by all members (÷ members); a member is invoiced or not.
  const perUnit = mean(samples.map((s) => 1 / s.per));
  const invoiced = mean(samples.map((s) => (s.events.InvoiceIssued ?? 0) / s.per));
  const minRequest = scale(minimumUnits(minimum.request, largest), perUnit);
  const notInvoiced: MinimalAccess[] = [
    { kind: 'txWrite', item: 'not-invoiced', count: 1 },
    { kind: 'txWrite', item: 'event', count: 1 },
  ];
  const minConsumers =
    useCase === 'closeYearPerMember'
      ? add(
          scale(minimumUnits(minimum.consumers, largest), invoiced),
          scale(minimumUnits(notInvoiced, largest), 1 - invoiced),
        )
      : minimumUnits(minimum.consumers, largest);
  const request = {
    readUnits: perMean((s) => s.request.readUnits),
    writeUnits: perMean((s) => s.request.writeUnits),
    requests: perMean((s) => s.request.requests),
  };
  const consumers = {
    readUnits: perMean((s) => s.consumers.readUnits),
    writeUnits: perMean((s) => s.consumers.writeUnits),
    requests: perMean((s) => s.consumers.requests),
  };
  const invocationsBy = byKey((s) => s.invocations);
  const eventsBy = byKey((s) => s.events);
  const safeRatio = (measured: number, min: number) => (min > 0 ? round(measured / min) : Number.NaN);
  return {
    label: LABELS[useCase],
    samples: samples.length,
    request,
    consumers,
    requestOperations: meanOperations(
      samples.map((s) => s.request),
      per,
    ),
    consumerOperations: meanOperations(
      samples.map((s) => s.consumers),
      per,
    ),
    invocations: round(Object.values(invocationsBy).reduce((a, b) => a + b, 0)),
    invocationsBy,
    events: round(Object.values(eventsBy).reduce((a, b) => a + b, 0)),
    eventsBy,
    mails: perMean((s) => s.mails),
    mailBytes: perMean((s) => s.mailBytes),
    attachmentBytes: perMean((s) => s.attachmentBytes),
    requestMs: round(mean(samples.map((s) => s.requestMs))),
    minimum: {
      why: minimum.why,
      consumersWhy: minimum.consumersWhy,
      request: minRequest,
      consumers: minConsumers,
    },
    ratio: safeRatio(
      writeEquivalent(request) + writeEquivalent(consumers),
      writeEquivalent(minRequest) + writeEquivalent(minConsumers),
    ),
    requestRatio: safeRatio(writeEquivalent(request), writeEquivalent(minRequest)),
    consumersRatio: safeRatio(writeEquivalent(consumers), writeEquivalent(minConsumers)),
  };
};

const units = (u: { readUnits: number; writeUnits: number }) =>
  `${round(u.readUnits, 1)} R + ${round(u.writeUnits, 1)} W`;

/**
 * Rows for the table in docs/performance.md (`| # | figure | measured | reference | ratio | goal |`):
 * one per use case, request + consumers against the data model's minimum.
 */
export const capacityRows = (result: CapacityResult): string[] =>
  USE_CASES.map((useCase) => {
    const u = result.useCases[useCase];
    const measured = `${units(u.request)} (request) + ${units(u.consumers)} (consumers)`;
    const minimum = `minimum ${units(u.minimum.request)} + ${units(u.minimum.consumers)}`;
    const ratio = Number.isNaN(u.ratio) ? '—' : `${u.ratio.toFixed(2)}×`;
    return `| 6 | capacity: ${u.label}, billed RRU + WRU, mean of ${u.samples} | ${measured} | ${minimum} | ${ratio} | ≤ 1.5× |`;
  });
