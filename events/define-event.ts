import type { z } from 'zod';

/** A Lambda that reacts to an event. The CDK app builds one function, rule and DLQ per consumer. */
export interface ConsumerDefinition {
  /** Unique, kebab-case; names the function, rule and queue. */
  readonly name: string;
  /** Entry file of the handler, relative to the repository root. */
  readonly entry: string;
  /** What the consumer does, for the generated catalogue. */
  readonly summary: string;
  /** Whether it sends e-mail (grants ses:SendEmail). */
  readonly sendsEmail?: boolean;
  /** Whether it issues or checks e-mail link tokens (gets the token key from Secrets Manager). */
  readonly usesLinkTokens?: boolean;
  /** Whether it sets or removes timers (EventBridge Scheduler schedules in the network's group). */
  readonly usesScheduler?: boolean;
}

/** The one definition of a domain event: producers, consumers, rules, the local bus and docs read it. */
export interface EventDefinition<TDetailType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly source: string;
  /** Past-tense PascalCase; also the event's name in the catalogue. */
  readonly detailType: TDetailType;
  /** Bumped on any breaking change of `detail`. */
  readonly version: number;
  readonly summary: string;
  /** Ids and facts only, never personal data: consumers look people up through a port. */
  readonly detail: TSchema;
  /**
   * Who publishes it: `outbox` (default) — stored with its state change and published by the
   * pipe; `timer` — published by a timer the system set (EventBridge Scheduler), not stored.
   */
  readonly publishedBy?: 'outbox' | 'timer';
  readonly consumers: readonly ConsumerDefinition[];
}

/** Declares an event; the identity function exists so that TypeScript keeps the literal types. */
export const defineEvent = <TDetailType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TDetailType, TSchema>,
): EventDefinition<TDetailType, TSchema> => definition;

/** The EventBridge pattern of the rule that routes this event to its consumers. */
export const eventPattern = (definition: EventDefinition): { source: string[]; 'detail-type': string[] } => ({
  source: [definition.source],
  'detail-type': [definition.detailType],
});

/** An event as stored in the outbox and delivered to consumers. */
export interface StoredEvent<TDetail = unknown> {
  /** Unique id; consumers use it as their idempotency key. */
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly version: number;
  /** ISO 8601 instant (UTC). */
  readonly occurredAt: string;
  readonly detail: TDetail;
}
