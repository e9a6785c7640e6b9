import type { z } from 'zod';

/**
 * An earlier version of an event's detail that consumers of the current version can still read:
 * its schema, and how its detail becomes the current version's (an upcaster).
 */
export interface EarlierVersion<TSchema extends z.ZodType = z.ZodType> {
  readonly version: number;
  readonly detail: z.ZodType;
  /** Turns a detail of this version into the input of the current version's schema. */
  readonly upcast: (detail: unknown) => z.input<TSchema>;
}

/**
 * The one definition of a domain event: the contract of what is published. Who subscribes to it is
 * wiring, not contract: that is the subscription table in functions/subscriptions.ts.
 */
export interface EventDefinition<TDetailType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly source: string;
  /** Past-tense PascalCase; also the event's name in the catalogue. */
  readonly detailType: TDetailType;
  /** Bumped on any breaking change of `detail`; the envelope on the bus carries it. */
  readonly version: number;
  readonly summary: string;
  /**
   * Ids and facts only, never personal data: consumers look people up through a port. Its keys
   * must not be the envelope's own (ENVELOPE_KEYS): the bus event's detail holds both.
   */
  readonly detail: TSchema;
  /** Versions before `version` that are still upcast for consumers of this one. */
  readonly earlierVersions?: readonly EarlierVersion<TSchema>[];
  /**
   * Who publishes it: `outbox` (default) — stored with its state change and published by the
   * pipe; `timer` — published by a timer the system set (EventBridge Scheduler), not stored.
   */
  readonly publishedBy?: 'outbox' | 'timer';
}

/** Declares an event; the identity function exists so that TypeScript keeps the literal types. */
export const defineEvent = <TDetailType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TDetailType, TSchema>,
): EventDefinition<TDetailType, TSchema> => definition;

/** An event as stored in the outbox and delivered to consumers, of one known detail shape. */
export interface EventRecord<TDetailType extends string = string, TDetail = unknown> {
  /** Unique id; consumers use it as their idempotency key. */
  readonly id: string;
  readonly source: string;
  readonly detailType: TDetailType;
  readonly version: number;
  /** ISO 8601 instant (UTC). */
  readonly occurredAt: string;
  /** The request that caused it, when one did (logs of producer and consumers share it). */
  readonly correlationId?: string;
  readonly detail: TDetail;
}
