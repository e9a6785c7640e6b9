import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { eventPattern } from '../events/envelope';
import { describeError, logger } from '../functions/shared/logger';
import { subscriptions } from '../functions/subscriptions';
import { type EventPattern, matchesEventPattern } from './event-pattern-matcher';
import { seededRandom } from './seeded-random';

type BusEvent = EventBridgeEvent<string, unknown>;
type Target = (event: BusEvent, context: Context) => Promise<unknown>;

export interface LocalRule {
  name: string;
  pattern: EventPattern;
  target: Target;
}

export interface DeadLetter {
  rule: string;
  event: BusEvent;
  error: string;
  failedAt: string;
}

/**
 * At-least-once delivery at its worst, on purpose: every event is handed over `copies` times and
 * the deliveries are held back, then released one at a time in an order drawn from a PRNG seeded
 * with `seed` (so a failing run can be replayed). EventBridge promises no more than this.
 */
export interface DeliveryChaos {
  seed: number;
  /** How often each event is delivered to each matching rule (default 2). */
  copies?: number;
  /** How long deliveries are held to gather a batch before release (ms, default 30). */
  holdMs?: number;
}

/** The stored event's id inside a bus event: the envelope's `id`, whoever put it on the bus. */
export const storedEventId = (event: BusEvent): string | undefined => {
  const id = (event.detail as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};

/** Reads a dead-letter file (one JSON letter a line); none when it does not exist. */
export const readDeadLetters = (file: string): DeadLetter[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DeadLetter)
    : [];

/** A dead letter as operators see it: what failed where and why, without the event's payload. */
export const letterSummary = (letter: DeadLetter) => ({
  rule: letter.rule,
  detailType: letter.event['detail-type'],
  busEventId: letter.event.id,
  error: letter.error,
  failedAt: letter.failedAt,
});

/**
 * What tells letters apart: a bus event's id, or, for a letter that holds no bus event (the pipe's
 * describe a stream batch), its whole body.
 */
export const letterKey = (letter: DeadLetter): string =>
  `${letter.rule} ${letter.event.id ?? JSON.stringify(letter.event)} ${letter.failedAt}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const lambdaContext = (functionName: string, timeoutMs: number): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-north-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/**
 * The local stand-in for the custom bus and its rules: each event goes to every rule whose pattern
 * matches (the same matcher semantics as EventBridge), asynchronously, with retries and backoff
 * like Lambda's async invocation (3 attempts), then to the dead-letter list (and file).
 */
/** Deliveries running at once while a paused bus works off its backlog (see `resume`). */
const RESUME_IN_FLIGHT = 32;

export class LocalEventBus {
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly deadLetters: DeadLetter[] = [];
  /** Deliveries that succeeded, by rule (tests wait on these; operators can read them). */
  readonly delivered = new Map<string, number>();
  /** Ids of the stored events put on the bus so far (tests wait until the outbox is all here). */
  readonly received = new Set<string>();
  /** Attempts made, by rule: retries and the chaos option's duplicates included. */
  readonly attempted = new Map<string, number>();
  private held: Array<{ rule: LocalRule; event: BusEvent }> = [];
  private paused: BusEvent[] | undefined;
  private resuming: Promise<void> | undefined;
  private releasing: Promise<void> | undefined;
  private readonly random: (() => number) | undefined;

  constructor(
    private readonly rules: readonly LocalRule[],
    private readonly options: {
      attempts?: number;
      backoffMs?: number;
      deadLetterFile?: string;
      timeoutMs?: number;
      chaos?: DeliveryChaos;
    } = {},
  ) {
    if (options.chaos) this.random = seededRandom(options.chaos.seed);
  }

  get deadLetterFile(): string | undefined {
    return this.options.deadLetterFile;
  }

  /**
   * Holds every delivery back until `resume()`: events are received (and counted) but no consumer
   * runs. For a benchmark that measures the API alone on a machine it shares with the consumers:
   * in AWS they run in Lambdas of their own and take nothing from the API's compute. `idle()` does
   * not wait for held-back deliveries, so a paused bus can still be stopped.
   */
  pause(): void {
    this.paused ??= [];
  }

  /**
   * Delivers what `pause()` held back, in the order received, and delivers as usual again. The
   * backlog goes out with at most RESUME_IN_FLIGHT deliveries running at once: released all at
   * once, a burst's thousands of deliveries would share the process and each run past its
   * timeout, where AWS would give each its own Lambda.
   */
  resume(): void {
    const waiting = this.paused ?? [];
    this.paused = undefined;
    this.resuming = (async () => {
      for (const event of waiting) {
        while (this.inFlight.size >= RESUME_IN_FLIGHT) await Promise.race([...this.inFlight]);
        this.dispatch(event);
      }
    })().finally(() => {
      this.resuming = undefined;
    });
  }

  put(event: BusEvent): void {
    const id = storedEventId(event);
    if (id) this.received.add(id);
    if (this.paused) this.paused.push(event);
    else this.dispatch(event);
  }

  /** Hands the event to every rule it matches. */
  private dispatch(event: BusEvent): void {
    for (const rule of this.rules) {
      if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      if (this.options.chaos) {
        for (let copy = 0; copy < (this.options.chaos.copies ?? 2); copy++)
          // A copy is a new envelope around the same stored event, as when the pipe puts a batch again.
          this.held.push({ rule, event: copy === 0 ? event : { ...event, id: crypto.randomUUID() } });
        this.releaseLater();
        continue;
      }
      this.track(this.deliver(rule, event));
    }
  }

  /** Resolves when no delivery is in flight or held back (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.held.length > 0 || this.releasing || this.resuming) {
      if (this.held.length > 0 && !this.releasing) this.releaseLater(0);
      await Promise.allSettled([
        ...this.inFlight,
        ...(this.releasing ? [this.releasing] : []),
        ...(this.resuming ? [this.resuming] : []),
      ]);
    }
  }

  /**
   * Delivers dead letters again, each to its own rule only (a dead letter is one rule's failure,
   * not the event's), one after another, with the usual retries. Returns the letters that were
   * handled and those that failed again; a failed one stays where it is (nothing is appended).
   */
  async redrive(letters: readonly DeadLetter[]): Promise<{ handled: DeadLetter[]; failed: DeadLetter[] }> {
    const handled: DeadLetter[] = [];
    const failed: DeadLetter[] = [];
    for (const letter of letters) {
      const rule = this.rules.find((candidate) => candidate.name === letter.rule);
      const ok = rule ? await this.track(this.deliver(rule, letter.event, { deadLetter: false })) : false;
      (ok ? handled : failed).push(letter);
    }
    return { handled, failed };
  }

  /** Whether a rule of this name exists (the local Lambda answers ResourceNotFound otherwise). */
  hasRule(name: string): boolean {
    return this.rules.some((rule) => rule.name === name);
  }

  /**
   * One invocation of one rule's target, as Lambda's synchronous Invoke runs a function: no
   * retries, no dead letter; the handler's result or its error. The local Lambda API
   * (local/aws-control-plane.ts) runs redriven letters through here.
   */
  async invoke(name: string, event: BusEvent): Promise<{ result: unknown } | { error: unknown }> {
    const rule = this.rules.find((candidate) => candidate.name === name);
    if (!rule) throw new Error(`No rule ${name}`);
    return this.track(this.runOnce(rule, event));
  }

  /** One run of a rule's target, counted as an attempt and, if it returns, a delivery. */
  private async runOnce(rule: LocalRule, event: BusEvent): Promise<{ result: unknown } | { error: unknown }> {
    this.attempted.set(rule.name, (this.attempted.get(rule.name) ?? 0) + 1);
    try {
      const result = await rule.target(event, lambdaContext(rule.name, this.options.timeoutMs ?? 30_000));
      this.delivered.set(rule.name, (this.delivered.get(rule.name) ?? 0) + 1);
      return { result };
    } catch (error) {
      return { error };
    }
  }

  /**
   * Removes handled letters from the list and the file. Synchronous from read to write, so that a
   * letter appended by a delivery in this process meanwhile is never lost.
   */
  forget(letters: readonly DeadLetter[]): void {
    const gone = new Set(letters.map(letterKey));
    for (let i = this.deadLetters.length - 1; i >= 0; i--)
      if (gone.has(letterKey(this.deadLetters[i] as DeadLetter))) this.deadLetters.splice(i, 1);
    const file = this.options.deadLetterFile;
    if (!file || !existsSync(file)) return;
    const kept = readDeadLetters(file).filter((letter) => !gone.has(letterKey(letter)));
    writeFileSync(file, kept.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
  }

  private track<T>(delivery: Promise<T>): Promise<T> {
    const tracked = delivery.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private releaseLater(delayMs = this.options.chaos?.holdMs ?? 30): void {
    if (this.releasing) return;
    this.releasing = (async () => {
      await sleep(delayMs);
      while (this.held.length > 0) {
        const batch = this.held;
        this.held = [];
        // Fisher–Yates with the seeded PRNG: a reproducible order for a given batch.
        for (let i = batch.length - 1; i > 0; i--) {
          const j = Math.floor((this.random as () => number)() * (i + 1));
          [batch[i], batch[j]] = [batch[j] as (typeof batch)[number], batch[i] as (typeof batch)[number]];
        }
        // One at a time: a duplicate arrives after its twin finished, as a redelivery does.
        for (const { rule, event } of batch) await this.track(this.deliver(rule, event));
      }
    })().finally(() => {
      this.releasing = undefined;
    });
  }

  private async deliver(
    rule: LocalRule,
    event: BusEvent,
    options: { deadLetter?: boolean } = {},
  ): Promise<boolean> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const run = await this.runOnce(rule, event);
      if (!('error' in run)) return true;
      if (attempt < attempts) {
        await sleep((this.options.backoffMs ?? 200) * 2 ** (attempt - 1));
        continue;
      }
      if (options.deadLetter === false) return false;
      const letter: DeadLetter = {
        rule: rule.name,
        event,
        error: String(describeError(run.error).errorMessage ?? run.error),
        failedAt: new Date().toISOString(),
      };
      this.deadLetters.push(letter);
      if (this.options.deadLetterFile) {
        mkdirSync(dirname(this.options.deadLetterFile), { recursive: true });
        appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
      }
      logger.error('local bus: event dead-lettered', { rule: rule.name, detailType: event['detail-type'] });
      return false;
    }
    return false;
  }
}

/**
 * One rule per row of the subscription table, with the same pattern the CDK rule gets; the
 * target is the consumer's own handler module, loaded as the Lambda runtime would load it.
 */
export const subscriptionRules = (load: (entry: string) => Promise<Target>): LocalRule[] =>
  subscriptions.map(({ event, consumer, entry }) => {
    let handler: Promise<Target> | undefined;
    return {
      name: consumer,
      pattern: eventPattern(event),
      target: async (busEvent, context) => {
        handler ??= load(entry);
        return (await handler)(busEvent, context);
      },
    };
  });
