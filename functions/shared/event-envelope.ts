import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import type { ZodType } from 'zod';
import { eventDefinition, type PendingEvent, type StoredEvent } from '../../events/catalogue';
import type { EventDefinition, EventRecord } from '../../events/define-event';
import { type BusDetail, busDetailOf, EnvelopeError, eventFromBusDetail } from '../../events/envelope';

/** An event as a consumer receives it: whoever put it on the bus, its detail is the envelope. */
export type BusEvent = EventBridgeEvent<string, BusDetail>;

/** What is put on the bus for one event: PutEvents' Source, DetailType and Detail. */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: BusDetail;
}

/**
 * The instant rounded up to the next whole second (unchanged when it is whole): EventBridge
 * Scheduler's `at(...)` has seconds precision, and a timer must never fire before its time.
 */
export const roundUpToSecond = (at: Date): Date => new Date(Math.ceil(at.getTime() / 1000) * 1000);

/** The bus entry of a stored event. */
export const busEntryOf = (event: EventRecord): BusEntry => ({
  source: event.source,
  detailType: event.detailType,
  detail: busDetailOf(event),
});

/**
 * The event an outbox item holds (plain, unmarshalled), at the version it was stored in and
 * validated by that version's schema. The detail is a JSON string in the item, exactly as the
 * schema produced it.
 */
export const recordFromItem = (item: Record<string, unknown>): EventRecord => {
  const definition = eventDefinition(String(item.detailType));
  if (!definition) throw new EnvelopeError(`Unknown event type ${String(item.detailType)}`);
  const schema =
    item.version === definition.version
      ? definition.detail
      : definition.earlierVersions?.find((earlier) => earlier.version === item.version)?.detail;
  if (!schema)
    throw new EnvelopeError(`${definition.detailType} version ${String(item.version)} is not known`);
  return {
    id: String(item.eventId),
    source: definition.source,
    detailType: definition.detailType,
    version: Number(item.version),
    occurredAt: String(item.occurredAt),
    ...(typeof item.correlationId === 'string' ? { correlationId: item.correlationId } : {}),
    detail: schema.parse(JSON.parse(String(item.detail))),
  };
};

/** The event an outbox item holds, in the current version of its definition (upcast if older). */
export const storedEventFromItem = (item: Record<string, unknown>): StoredEvent => {
  const record = recordFromItem(item);
  const definition = eventDefinition(record.detailType) as EventDefinition;
  // Parsed by the definition of this very detail type: the union member is the one it names.
  return eventFromBusDetail(definition, busDetailOf(record)) as StoredEvent;
};

/** A DynamoDB stream record as the pipe reads it (only what the enrichment looks at). */
export interface OutboxStreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}

/**
 * What the outbox pipe's enrichment makes of a stream record: the bus entry of the event the
 * inserted outbox item holds. The same function runs in the deployed enrichment Lambda
 * (functions/pipe/outbox-enrichment.ts) and in the local pipe.
 */
export const busEntryOfStreamRecord = (record: OutboxStreamRecord): BusEntry => {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new EnvelopeError('The stream record has no new image');
  return busEntryOf(recordFromItem(unmarshall(image)));
};

/**
 * The `Input` of a timer's schedule, which becomes the published event's `detail`: the same
 * envelope the pipe puts on the bus. The id is `<name>@<at>`, so a timer that fires twice
 * publishes the same id (consumers deduplicate) and a moved timer a new one. The detail is
 * validated against the event's one definition here, like the outbox does.
 */
export const timerEventInput = (name: string, at: Date, pending: PendingEvent): string => {
  const definition = eventDefinition(pending.detailType);
  if (!definition) throw new Error(`Unknown event type ${pending.detailType}`);
  const atIso = roundUpToSecond(at).toISOString();
  return JSON.stringify(
    busDetailOf({
      id: `${name}@${atIso}`,
      source: definition.source,
      detailType: definition.detailType,
      version: definition.version,
      occurredAt: atIso,
      detail: definition.detail.parse(pending.detail),
    }),
  );
};

/** Unwraps and validates a bus event against the definition its consumer reads; throws on anything else. */
export const parseBusEvent = <TDetailType extends string, TDetail>(
  definition: EventDefinition<TDetailType, ZodType<TDetail>>,
  event: BusEvent,
): EventRecord<TDetailType, TDetail> => {
  if (event.source !== definition.source || event['detail-type'] !== definition.detailType)
    throw new EnvelopeError(
      `Expected ${definition.source}/${definition.detailType}, got ${String(event.source)}/${String(event['detail-type'])}`,
    );
  return eventFromBusDetail(definition, event.detail);
};
