import type { ZodType } from 'zod';
import type { EventDefinition, EventRecord } from './define-event';

/**
 * The `detail` of every event on the bus, whoever put it there (the outbox pipe, a timer, the ops
 * CLI's redrive): the domain event's own fields, plus its id, type, version and time. One shape,
 * so a rule can filter on any field and a consumer unwraps one envelope.
 */
export type BusDetail = Record<string, unknown> & {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly correlationId?: string;
};

/** The envelope's own keys; no event's detail may use them (test/contract/event-schemas.test.ts). */
export const ENVELOPE_KEYS = ['id', 'type', 'version', 'occurredAt', 'correlationId'] as const;

/** The bus detail of an event: its detail's fields with the envelope's beside them. */
export const busDetailOf = (event: EventRecord): BusDetail => ({
  ...(event.detail as Record<string, unknown>),
  id: event.id,
  type: event.detailType,
  version: event.version,
  occurredAt: event.occurredAt,
  ...(event.correlationId ? { correlationId: event.correlationId } : {}),
});

/** Why a bus detail is not an event a consumer can take. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

/**
 * The event a bus detail carries, validated against its one definition. The current version is
 * parsed as it is; an earlier version the definition still upcasts is upcast first; any other
 * version is refused (the rule should not have routed it: see `versionsReadBy`).
 */
export const eventFromBusDetail = <TDetailType extends string, TDetail>(
  definition: EventDefinition<TDetailType, ZodType<TDetail>>,
  detail: unknown,
): EventRecord<TDetailType, TDetail> => {
  if (!detail || typeof detail !== 'object') throw new EnvelopeError('The bus event has no detail object');
  const { id, type, version, occurredAt, correlationId, ...fields } = detail as Record<string, unknown>;
  if (type !== definition.detailType)
    throw new EnvelopeError(`Expected ${definition.detailType}, got ${String(type)}`);
  if (typeof id !== 'string' || id === '') throw new EnvelopeError('The envelope has no id');
  if (typeof occurredAt !== 'string') throw new EnvelopeError('The envelope has no occurredAt');
  let current: unknown = fields;
  if (version !== definition.version) {
    const earlier = definition.earlierVersions?.find((candidate) => candidate.version === version);
    if (!earlier)
      throw new EnvelopeError(
        `${definition.detailType} version ${String(version)} is neither ${definition.version} nor upcast to it`,
      );
    current = earlier.upcast(earlier.detail.parse(fields));
  }
  return {
    id,
    source: definition.source,
    detailType: definition.detailType,
    version: definition.version,
    occurredAt,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    detail: definition.detail.parse(current),
  };
};

/** The versions a consumer of the current definition reads: the current one and those upcast. */
export const versionsReadBy = (definition: EventDefinition): number[] => [
  definition.version,
  ...(definition.earlierVersions ?? []).map((earlier) => earlier.version),
];

/**
 * The EventBridge pattern of a rule for a consumer of this definition: its source and type, and
 * only the versions it reads, so the first v2 is not dead-lettered by consumers of v1.
 */
export const eventPattern = (
  definition: EventDefinition,
): { source: string[]; 'detail-type': string[]; detail: { version: number[] } } => ({
  source: [definition.source],
  'detail-type': [definition.detailType],
  detail: { version: versionsReadBy(definition) },
});
