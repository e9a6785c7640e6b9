import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { allConsumers } from '../events/catalogue';
import { eventPattern } from '../events/define-event';
import { describeError, logger } from '../functions/shared/logger';
import { type EventPattern, matchesEventPattern } from './event-pattern-matcher';

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
export class LocalEventBus {
  private readonly inFlight = new Set<Promise<void>>();
  readonly deadLetters: DeadLetter[] = [];
  /** Deliveries that succeeded, by rule (tests wait on these; operators can read them). */
  readonly delivered = new Map<string, number>();

  constructor(
    private readonly rules: readonly LocalRule[],
    private readonly options: {
      attempts?: number;
      backoffMs?: number;
      deadLetterFile?: string;
      timeoutMs?: number;
    } = {},
  ) {}

  put(event: BusEvent): void {
    for (const rule of this.rules) {
      if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      const delivery = this.deliver(rule, event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Resolves when no delivery is in flight (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(rule: LocalRule, event: BusEvent): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await rule.target(event, lambdaContext(rule.name, this.options.timeoutMs ?? 30_000));
        this.delivered.set(rule.name, (this.delivered.get(rule.name) ?? 0) + 1);
        return;
      } catch (error) {
        if (attempt === attempts) {
          const letter: DeadLetter = {
            rule: rule.name,
            event,
            error: String(describeError(error).errorMessage ?? error),
            failedAt: new Date().toISOString(),
          };
          this.deadLetters.push(letter);
          if (this.options.deadLetterFile) {
            mkdirSync(dirname(this.options.deadLetterFile), { recursive: true });
            appendFileSync(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
          }
          logger.error('local bus: event dead-lettered', {
            rule: rule.name,
            detailType: event['detail-type'],
          });
          return;
        }
        await sleep((this.options.backoffMs ?? 200) * 2 ** (attempt - 1));
      }
    }
  }
}

/**
 * One rule per consumer in the events catalogue, with the same pattern the CDK rule gets; the
 * target is the consumer's own handler module, loaded as the Lambda runtime would load it.
 */
export const catalogueRules = (load: (entry: string) => Promise<Target>): LocalRule[] =>
  allConsumers.map(({ event, consumer }) => {
    let handler: Promise<Target> | undefined;
    return {
      name: consumer.name,
      pattern: eventPattern(event),
      target: async (busEvent, context) => {
        handler ??= load(consumer.entry);
        return (await handler)(busEvent, context);
      },
    };
  });
