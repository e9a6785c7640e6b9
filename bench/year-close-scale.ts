/**
 * Issue 8, item 3 — the year close and its invoicing at 39, 290 and 10,000 members. For each size a
 * local cloud of its own: its own in-memory DynamoDB Local behind the metering proxy
 * (bench/capacity-proxy.ts), so every call of every function is counted, the local SES, stream
 * pipe, bus and API Gateway, seeded with the demo data (39 members, the 2024 fee schedule, the
 * principals). The members beyond the demo's are added (bench/year-close-members.ts says how),
 * then `POST /api/admin/years/2023/close` invoices the 2024 fees and the clock runs until:
 * 1. the issue phase is over: the issue-invoices consumer of `YearClosed` has issued every invoice
 *    and recorded the members it cannot invoice (the freeze-year-report consumer runs meanwhile);
 * 2. the mail phase is over: the `InvoiceIssued` events, held back at the bus during phase 1, are
 *    delivered to the send-invoice consumer (PDF + mail), at most `mailConcurrency` at a time as a
 *    Lambda with reserved concurrency would run them. Above `mailAllUpTo` members only an evenly
 *    spread sample of `mailSample` invoices is mailed and the rate is given per invoice.
 * Holding the mails back keeps the issue figure free of PDF rendering on the same two cores (in AWS
 * every send-invoice invocation has a machine of its own), the same way at every size.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Invoice } from '../domain/invoicing/invoice';
import { saveMunicipality } from '../domain/members/maintain-members';
import type { Municipality } from '../domain/members/municipality';
import { DynamoDbInvoiceLedger } from '../functions/adapters/dynamodb-invoice-ledger';
import { DynamoDbMemberRegistry } from '../functions/adapters/dynamodb-member-registry';
import { repoRoot } from '../local/local-cloud';
import { readLocalInbox } from '../local/ses-local';
import { type CapacityTotals, capacityBetween } from './capacity-proxy';
import {
  eachLimit,
  localDynamoClient,
  meteredParts,
  ratio,
  round,
  sleep,
  startBenchCloud,
  times,
  waitUntil,
} from './harness';
import { additionalMembers, type BenchMember, POPULATION_SOURCE } from './year-close-members';

/** The year closed; its close invoices the fees of the next (the demo has the 2024 schedule). */
const CLOSED_YEAR = 2023;
const FEE_YEAR = CLOSED_YEAR + 1;
/** The demo principal of 2024 starts its series here (local/demo-data.ts). */
const FIRST_INVOICE_NUMBER = 240_001;
const TABLE = 'bench-year-close';

type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * The handlers the close runs, imported before the clock starts: the local cloud imports a handler
 * on its first request, which under tsx includes compiling it (seconds on a busy host). Cold starts
 * are item 5's figure; here each function is measured warm, as a Lambda is after its first call.
 */
const CLOSE_HANDLERS = [
  'functions/http/post-admin-year-close.ts',
  'functions/consumers/on-year-closed-issue-invoices.ts',
  'functions/consumers/on-year-closed-freeze-report.ts',
  'functions/consumers/on-invoice-issued-send-invoice.ts',
];

export interface CapacityFigures {
  requests: number;
  itemsRead: number;
  itemsWritten: number;
  billedReadUnits: number;
  billedWriteUnits: number;
  byOperation: CapacityTotals['byOperation'];
}

export interface YearCloseSize {
  members: number;
  /** Members a fee can be computed for (a population figure on 31 December 2023). */
  membersWithFee: number;
  /** How the members beyond the demo's were written, and how long that took (not measured). */
  setup: { via: 'seed' | 'api' | 'adapter'; added: number; seconds: number };
  expectedInvoices: number;
  invoicesIssued: number;
  /** Empty when right: one invoice per billing party, every member with a fee on exactly one. */
  problems: string[];
  /** The 1-minute load average of the host before setup and after the size (the machine is shared). */
  loadAverage: { before: number; after: number };
  /** Close request → its 202 answer. */
  closeAnsweredMs: number;
  /** Whether the issue phase finished within the budget; if not, the times are projected. */
  finished: boolean;
  /** Close request → issue-invoices consumer done (every invoice issued, gaps recorded). */
  issuedMs: number;
  issuedMsPerMember: number;
  /** The one issue-invoices invocation: `YearClosed` on the bus → its delivery done. */
  issueInvocationMs: number;
  issueAttempts: number;
  /**
   * The issue-invoices invocation ran into the consumer's 30 s timeout (middy's early timeout on
   * the local bus's Lambda context); its retries found the event in progress and dead-lettered it.
   */
  issueConsumerTimedOut: boolean;
  /**
   * Milliseconds per invoice between successive tenths of the run (the 2nd tenth, …, the 10th),
   * from when the events reached the bus: flat = the cost of an invoice does not grow as it goes.
   */
  issueMsPerInvoiceByTenth: number[];
  /** Close request → the first InvoiceIssued on the bus (route, pipe, reading the fee run). */
  firstInvoiceMs: number;
  /** First → last invoice issued (so far), per invoice: the loop's own rate. */
  issueMsPerInvoice: number;
  /** Consumers that dead-lettered during the close: rule and error. */
  deadLetters: string[];
  /** Issue phase: the route and both `YearClosed` consumers. */
  issueCapacity: CapacityFigures;
  /** Absent when the issue phase did not finish within the budget. */
  mail?: {
    mailed: number;
    of: number;
    sample: boolean;
    concurrency: number;
    ms: number;
    msPerInvoice: number;
    /** Mails in the local SES inbox with a PDF attached, distinct invoice numbers in their subjects. */
    inbox: number;
    distinctInSubjects: number;
    capacity: CapacityFigures;
    /** Close request → every invoice mailed; projected from the rate when only a sample was mailed. */
    closeToAllMailedMs: number;
    projected: boolean;
  };
}

export interface YearCloseResult {
  sizes: YearCloseSize[];
  /** Time per member at the largest size over that at 290 (issue phase). */
  timePerMemberGrowthRatio: number;
  growth: {
    members: number;
    msPerMember: number;
    referenceMembers: number;
    referenceMsPerMember: number;
    /** The largest size did not finish: its time per member is projected from its rate. */
    projected: boolean;
  };
}

/**
 * The items the production registry adapter writes for `municipality` (the municipality and its
 * `MunicipalitySaved` outbox event), captured instead of sent, so that a large setup can write
 * exactly them with BatchWriteItem, 25 at a time, instead of one transaction per member.
 */
const capturedItems = async (
  municipality: Municipality,
  clock: { now: () => Date },
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  const capture = {
    send: async (command: TransactWriteCommand) => {
      for (const entry of command.input.TransactItems ?? [])
        if (entry.Put?.Item) items.push(entry.Put.Item as Record<string, unknown>);
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  await saveMunicipality(
    new DynamoDbMemberRegistry(capture, TABLE, clock, { newId: randomUUID }),
    municipality,
  );
  return items;
};

const batchWrite = async (db: DynamoDBDocumentClient, items: readonly Record<string, unknown>[]) => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await eachLimit(batches, 4, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }),
      );
      requests = (UnprocessedItems?.[TABLE] ?? []) as typeof requests;
    }
  });
};

const figuresOf = (totals: CapacityTotals): CapacityFigures => ({
  requests: totals.requests,
  itemsRead: totals.itemsRead,
  itemsWritten: totals.itemsWritten,
  billedReadUnits: round(totals.billedReadUnits, 1),
  billedWriteUnits: round(totals.billedWriteUnits, 1),
  byOperation: totals.byOperation,
});

/** What a correct run issues, computed from the members alone (not by the code under test). */
const expectations = (members: readonly BenchMember[]) => {
  const withFee = members.filter((m) => m.population !== undefined);
  const parties = new Map<string, string[]>();
  for (const member of withFee) {
    const party = member.billingPartyId ?? member.code;
    parties.set(party, [...(parties.get(party) ?? []), member.code]);
  }
  return {
    parties,
    withFee: withFee.length,
    missing: members.filter((m) => m.population === undefined).map((m) => m.code),
  };
};

const checkInvoices = (
  invoices: readonly Invoice[],
  notInvoiced: ReadonlyArray<{ municipalityCode: string; reason: string }>,
  expected: ReturnType<typeof expectations>,
): string[] => {
  const problems: string[] = [];
  const byParty = new Map<string, number>();
  const onInvoice = new Map<string, number>();
  for (const invoice of invoices) {
    byParty.set(invoice.billingParty.id, (byParty.get(invoice.billingParty.id) ?? 0) + 1);
    for (const line of invoice.lines)
      onInvoice.set(line.municipalityCode, (onInvoice.get(line.municipalityCode) ?? 0) + 1);
  }
  const duplicateParties = [...byParty].filter(([, n]) => n > 1).length;
  if (duplicateParties > 0) problems.push(`${duplicateParties} billing parties invoiced more than once`);
  const missingParties = [...expected.parties.keys()].filter((party) => !byParty.has(party)).length;
  if (missingParties > 0) problems.push(`${missingParties} billing parties without an invoice`);
  const unexpected = [...byParty.keys()].filter((party) => !expected.parties.has(party)).length;
  if (unexpected > 0) problems.push(`${unexpected} invoices to unexpected billing parties`);
  let notOnOne = 0;
  for (const codes of expected.parties.values())
    for (const code of codes) if (onInvoice.get(code) !== 1) notOnOne += 1;
  if (notOnOne > 0) problems.push(`${notOnOne} members with a fee not on exactly one invoice line`);
  const numbers = invoices.map((invoice) => invoice.number).sort((a, b) => a - b);
  if (numbers.some((n, i) => n !== FIRST_INVOICE_NUMBER + i))
    problems.push('invoice numbers are not one gapless series');
  const reported = notInvoiced.map((m) => m.municipalityCode).sort();
  if (reported.join() !== [...expected.missing].sort().join())
    problems.push(`not invoiced: ${reported.length} reported, ${expected.missing.length} expected`);
  return problems;
};

/** One size, on a cloud of its own. */
const measureSize = async (
  members: number,
  options: {
    apiSetupUpTo: number;
    mailAllUpTo: number;
    mailSample: number;
    mailConcurrency: number;
    issueBudgetMs: number;
    log: (line: string) => void;
  },
): Promise<YearCloseSize> => {
  const log = (line: string) => options.log(`${members} members: ${line}`);
  const started = Date.now();
  const loadBefore = loadavg()[0] as number;
  for (const entry of CLOSE_HANDLERS) await import(join(repoRoot, entry));
  const bench = await startBenchCloud({ tableName: TABLE, metered: true });
  const { cloud: up, http } = bench;
  const { proxy, dynamo } = meteredParts(bench);
  // The bench's own reads and setup writes go to DynamoDB Local directly: never metered.
  const direct = DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    const clock = { now: () => up.clock.now() };
    const ids = { newId: () => randomUUID() };

    // 1. Setup (not measured): the members beyond the demo's, their population figures.
    const { seeded, added } = additionalMembers(members);
    const setupStarted = Date.now();
    const via: YearCloseSize['setup']['via'] =
      added.length === 0 ? 'seed' : members <= options.apiSetupUpTo ? 'api' : 'adapter';
    const municipalityOf = (member: BenchMember): Municipality => ({
      code: member.code,
      name: member.name,
      memberships: [{ from: member.memberFrom }],
      invoiceEmail: member.invoiceEmail,
      postalAddress: member.postalAddress,
    });
    if (via === 'api') {
      await eachLimit(added, 4, async (member) => {
        const { code, ...body } = municipalityOf(member);
        const response = await http.send('PUT', `/api/admin/municipalities/${code}`, { admin: true, body });
        if (response.status !== 200)
          throw new Error(`PUT municipality ${code}: ${response.status} ${await response.text()}`);
      });
    } else if (via === 'adapter') {
      const items: Record<string, unknown>[] = [];
      for (const member of added) items.push(...(await capturedItems(municipalityOf(member), clock)));
      await batchWrite(direct, items);
    }
    const figures = added.filter((m) => m.population !== undefined && m.synthetic);
    if (figures.length > 0) {
      const csv = `code,year,population\n${figures.map((m) => `${m.code},${CLOSED_YEAR},${m.population}`).join('\n')}\n`;
      const response = await http.send(
        'POST',
        `/api/admin/population?source=${encodeURIComponent(POPULATION_SOURCE)}`,
        { admin: true, headers: { 'content-type': 'text/csv' }, body: csv },
      );
      if (response.status !== 200)
        throw new Error(`population import: ${response.status} ${(await response.text()).slice(0, 500)}`);
    }
    await up.settle({ timeoutMs: 120_000 });
    const all = [...seeded, ...added];
    const expected = expectations(all);
    const setupSeconds = round((Date.now() - setupStarted) / 1000, 1);
    log(
      `set up in ${((Date.now() - started) / 1000).toFixed(1)} s (${added.length} added via ${via} in ${setupSeconds} s); ${expected.parties.size} invoices expected`,
    );

    // 2. Hold the InvoiceIssued events back at the bus; note when YearClosed arrives.
    const bus = up.bus;
    const put = bus.put.bind(bus);
    const held: BusEvent[] = [];
    let yearClosedAt = 0;
    let firstInvoiceAt = 0;
    // When each tenth of the expected invoices had reached the bus: does issuing slow down as it goes?
    const tenth = Math.max(1, Math.floor(expected.parties.size / 10));
    const marks: number[] = [];
    bus.put = (event: BusEvent) => {
      if (event['detail-type'] === 'InvoiceIssued') {
        held.push(event);
        if (held.length === 1) firstInvoiceAt = performance.now();
        if (held.length % tenth === 0 && marks.length < 10) marks.push(performance.now());
        return;
      }
      if (event['detail-type'] === 'YearClosed') yearClosedAt = performance.now();
      put(event);
    };
    const delivered = (rule: string) => bus.delivered.get(rule) ?? 0;
    const deadLettered = (rule: string) => bus.deadLetters.filter((letter) => letter.rule === rule).length;

    // 3. The close, and the issue phase: until every expected invoice has been issued (its
    //    InvoiceIssued event reached the bus) and the members without a fee are recorded, or until
    //    the size's budget ran out (then the rate so far is projected to all invoices). Not until
    //    the consumer's delivery succeeds: the local bus gives each delivery the 30 s of the
    //    deployed consumer, and middy's early timeout rejects the invocation at 30 s while its
    //    loop, which nothing can cancel in-process, runs on. In AWS the invocation would stop there.
    const before = proxy.totals();
    const closeStarted = performance.now();
    const response = await http.send('POST', `/api/admin/years/${CLOSED_YEAR}/close`, { admin: true });
    const closeAnsweredMs = performance.now() - closeStarted;
    if (response.status !== 202)
      throw new Error(`close answered ${response.status} ${await response.text()}`);
    const deadline = closeStarted + options.issueBudgetMs;
    const ledger = new DynamoDbInvoiceLedger(direct, TABLE, clock, ids);
    while (held.length < expected.parties.size && performance.now() < deadline) await sleep(5);
    let finished = held.length >= expected.parties.size;
    const issuedAt = performance.now();
    // The members without a fee are recorded after the last invoice (a few transactions).
    while (finished && (await ledger.notInvoiced(FEE_YEAR)).length < expected.missing.length) {
      if (performance.now() > deadline) finished = false;
      await sleep(20);
    }
    const elapsed = issuedAt - closeStarted;
    // Unfinished: the time to the first invoice, then the rate since, over all expected invoices.
    const rate = held.length > 1 ? (issuedAt - firstInvoiceAt) / (held.length - 1) : Number.NaN;
    const issuedMs = finished ? elapsed : firstInvoiceAt - closeStarted + rate * (expected.parties.size - 1);
    // The one issue-invoices invocation: succeeded, or timed out (retries then find it in progress).
    const issueDeadLettered = () => bus.deadLetters.some((letter) => letter.rule === 'issue-invoices');
    if (finished)
      await waitUntil(
        () => delivered('issue-invoices') > 0 || issueDeadLettered(),
        60_000,
        'the issue-invoices delivery',
      );
    const timedOut = issueDeadLettered() || (!finished && elapsed > 30_000);
    if (finished) await bus.idle();
    const afterIssue = proxy.totals();
    log(
      finished
        ? `issue phase ${(issuedMs / 1000).toFixed(1)} s, ${held.length} InvoiceIssued held${timedOut ? '; the consumer TIMED OUT at 30 s' : ''}`
        : `issue phase NOT finished in ${(elapsed / 1000).toFixed(0)} s: ${held.length} of ${expected.parties.size} issued; projected ${(issuedMs / 1000).toFixed(0)} s`,
    );
    const perTenth = marks.slice(1).map((mark, i) => round((mark - (marks[i] as number)) / tenth, 1));
    const deadLetters = () => bus.deadLetters.map((letter) => `${letter.rule}: ${letter.error}`);
    const common = {
      members,
      membersWithFee: expected.withFee,
      setup: { via, added: added.length, seconds: setupSeconds },
      expectedInvoices: expected.parties.size,
      loadAverage: { before: round(loadBefore, 1), after: round(loadavg()[0] as number, 1) },
      closeAnsweredMs: round(closeAnsweredMs, 0),
      finished,
      issuedMs: round(issuedMs, 0),
      issuedMsPerMember: round(issuedMs / members, 2),
      issueInvocationMs: round(issuedMs - ((yearClosedAt || closeStarted) - closeStarted), 0),
      issueAttempts: bus.attempted.get('issue-invoices') ?? 0,
      issueConsumerTimedOut: timedOut,
      issueMsPerInvoiceByTenth: perTenth,
      firstInvoiceMs: round(firstInvoiceAt - closeStarted, 0),
      issueMsPerInvoice: round(rate, 1),
      issueCapacity: figuresOf(capacityBetween(before, afterIssue)),
    };
    if (!finished) {
      return {
        ...common,
        invoicesIssued: held.length,
        problems: [`not finished within the budget of ${options.issueBudgetMs / 1000} s`],
        deadLetters: deadLetters(),
      };
    }

    // 4. The mail phase: all of them, or an evenly spread sample.
    const sample = members > options.mailAllUpTo && held.length > options.mailSample;
    const toMail = sample
      ? Array.from(
          { length: options.mailSample },
          (_, i) => held[Math.floor((i * held.length) / options.mailSample)] as BusEvent,
        )
      : [...held];
    // aws-ses-v2-local keeps one store per process: the sizes before this one's mails are in it too.
    const invoiceMails = async () =>
      (await readLocalInbox(up.sesUrl)).filter((mail) => (mail.attachments ?? []).length > 0);
    const inboxBefore = (await invoiceMails()).length;
    const sentBefore = delivered('send-invoice');
    const done = () => delivered('send-invoice') - sentBefore + deadLettered('send-invoice');
    const mailStarted = performance.now();
    let released = 0;
    for (const event of toMail) {
      while (released - done() >= options.mailConcurrency) await sleep(1);
      put(event);
      released += 1;
    }
    await waitUntil(() => done() >= toMail.length, options.issueBudgetMs, 'the invoice mails');
    await bus.idle();
    const mailMs = performance.now() - mailStarted;
    const afterMail = proxy.totals();
    const msPerInvoice = toMail.length > 0 ? mailMs / toMail.length : 0;
    log(
      `mail phase ${(mailMs / 1000).toFixed(1)} s for ${toMail.length}${sample ? ` of ${held.length}` : ''}`,
    );

    // 5. Correctness, read directly (unmetered) through the production ledger adapter.
    const invoices = (await ledger.invoicesOfFeeYear(FEE_YEAR)).filter((i) => i.kind === 'invoice');
    const problems = checkInvoices(invoices, await ledger.notInvoiced(FEE_YEAR), expected);
    if (held.length !== invoices.length)
      problems.push(`${held.length} InvoiceIssued events for ${invoices.length} invoices`);
    const mails = (await invoiceMails()).slice(inboxBefore);
    const subjects = new Set(mails.map((mail) => /Faktura (\d+)/.exec(mail.subject ?? '')?.[1]));
    if (mails.length !== toMail.length || subjects.size !== toMail.length)
      problems.push(`${mails.length} invoice mails (${subjects.size} distinct) for ${toMail.length} sent`);
    const failures = bus.deadLetters.filter((letter) => letter.rule !== 'issue-invoices' || !timedOut);
    if (failures.length > 0)
      problems.push(
        `dead letters: ${failures.map((letter) => `${letter.rule}: ${letter.error}`).join('; ')}`,
      );

    return {
      ...common,
      invoicesIssued: invoices.length,
      problems,
      deadLetters: deadLetters(),
      mail: {
        mailed: toMail.length,
        of: held.length,
        sample,
        concurrency: options.mailConcurrency,
        ms: round(mailMs, 0),
        msPerInvoice: round(msPerInvoice, 1),
        inbox: mails.length,
        distinctInSubjects: subjects.size,
        capacity: figuresOf(capacityBetween(afterIssue, afterMail)),
        closeToAllMailedMs: round(issuedMs + msPerInvoice * held.length, 0),
        projected: sample,
      },
    };
  } finally {
    direct.destroy();
    await bench.stop();
  }
};

export const measureYearClose = async (options: {
  sizes: readonly number[];
  log: (line: string) => void;
  /** Members added through the admin API up to this size; above it through the adapter. */
  apiSetupUpTo?: number;
  mailAllUpTo?: number;
  mailSample?: number;
  mailConcurrency?: number;
  /** How long the issue phase (and the mail phase) of one size may take before it is cut short. */
  issueBudgetMs?: number;
}): Promise<YearCloseResult> => {
  const log = (line: string) => options.log(`year close: ${line}`);
  // The handlers log every request at info; a benchmark measures work, not console output.
  process.env.LOG_LEVEL ??= 'silent';
  const sizes: YearCloseSize[] = [];
  for (const members of options.sizes) {
    sizes.push(
      await measureSize(members, {
        apiSetupUpTo: options.apiSetupUpTo ?? 290,
        mailAllUpTo: options.mailAllUpTo ?? 1_000,
        mailSample: options.mailSample ?? 300,
        mailConcurrency: options.mailConcurrency ?? 8,
        issueBudgetMs: options.issueBudgetMs ?? 300_000,
        log,
      }),
    );
  }
  const reference = sizes.find((size) => size.members === 290) ?? sizes[0];
  const largest = sizes.reduce((a, b) => (b.members > a.members ? b : a));
  if (!reference) throw new Error('No sizes measured');
  return {
    sizes,
    timePerMemberGrowthRatio: ratio(largest.issuedMsPerMember, reference.issuedMsPerMember),
    growth: {
      members: largest.members,
      msPerMember: largest.issuedMsPerMember,
      referenceMembers: reference.members,
      referenceMsPerMember: reference.issuedMsPerMember,
      projected: !largest.finished,
    },
  };
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const count = (n: number) => n.toLocaleString('en-US');

/** Rows for the table in docs/performance.md (`| # | figure | measured | reference | ratio | goal |`). */
export const yearCloseRows = (result: YearCloseResult): string[] => {
  const rows: string[] = [];
  for (const size of result.sizes) {
    const n = count(size.members);
    const issue = size.issueCapacity;
    const perMember = (units: number) => (units / size.members).toFixed(1);
    if (!size.finished) {
      rows.push(
        `| 3 | year close, ${n} members: NOT finished within the budget, ${count(size.invoicesIssued)} of ${count(size.expectedInvoices)} invoices issued | projected ${seconds(size.issuedMs)} = ${size.issuedMsPerMember.toFixed(2)} ms/member (first invoice after ${seconds(size.firstInvoiceMs)}, then ${size.issueMsPerInvoice.toFixed(1)} ms/invoice) | — | — | — |`,
      );
    } else {
      const ok = size.problems.length === 0 ? 'correct' : `WRONG: ${size.problems.join('; ')}`;
      rows.push(
        `| 3 | year close, ${n} members: close request → all ${count(size.invoicesIssued)} invoices issued (${ok}) | ${seconds(size.issuedMs)} = ${size.issuedMsPerMember.toFixed(2)} ms/member (first invoice after ${seconds(size.firstInvoiceMs)}, then ${size.issueMsPerInvoice.toFixed(1)} ms/invoice) | — | — | — |`,
        `| 3 | ${n} members: issue phase written / read (billed) | ${count(issue.itemsWritten)} items, ${count(issue.billedWriteUnits)} WCU; ${count(issue.itemsRead)} items, ${count(issue.billedReadUnits)} RCU | per member ${perMember(issue.billedWriteUnits)} WCU, ${perMember(issue.billedReadUnits)} RCU | — | — |`,
      );
    }
    const mail = size.mail;
    if (mail) {
      rows.push(
        `| 3 | ${n} members: mail phase (PDF + mail, ${mail.concurrency} at a time${mail.sample ? `, sample of ${count(mail.mailed)}` : ''}) | ${seconds(mail.ms)} = ${mail.msPerInvoice.toFixed(1)} ms/invoice; ${count(mail.capacity.billedWriteUnits)} WCU, ${count(mail.capacity.billedReadUnits)} RCU | close → all mailed${mail.projected ? ' (projected)' : ''}: ${seconds(mail.closeToAllMailedMs)} | — | — |`,
      );
    }
    rows.push(
      `| 3 | ${n} members: the one issue-invoices invocation, YearClosed on the bus → last invoice${size.finished ? '' : ' (projected)'} | ${seconds(size.issueInvocationMs)}${size.issueConsumerTimedOut ? ' (timed out at 30 s, dead-lettered)' : ''} | consumer timeout 30 s | ${times(size.issueInvocationMs / 30_000)} | ≤ 1× |`,
    );
  }
  const g = result.growth;
  rows.push(
    `| 3 | year close, time per member at ${count(g.members)} members (issue phase${g.projected ? ', projected' : ''}) | ${g.msPerMember.toFixed(2)} ms | at ${count(g.referenceMembers)} members: ${g.referenceMsPerMember.toFixed(2)} ms | ${times(result.timePerMemberGrowthRatio)} | ≤ 1.2× |`,
  );
  return rows;
};
