import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import type { z } from 'zod';
import { eventDefinition, type PendingEvent } from '../../events/catalogue';
import type { EventDefinition, StoredEvent } from '../../events/define-event';

/**
 * What the pipe puts on the bus for an event from the outbox: the DynamoDB stream record of the
 * outbox item as `detail`, with `source` and `detail-type` lifted from the item (the same locally
 * and in AWS).
 */
export interface OutboxStreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}

/**
 * What a timer (EventBridge Scheduler, or the local scheduler) puts on the bus: an object of the
 * outbox item's shape, plain JSON rather than marshalled, built by {@link timerEventInput}.
 */
export interface TimerEventDetail {
  eventId: string;
  source: string;
  detailType: string;
  version: number;
  occurredAt: string;
  /** The event's detail as a JSON string, exactly as in the outbox item. */
  detail: string;
}

/** An event as a consumer receives it: from the outbox through the pipe, or from a timer. */
export type BusEvent = EventBridgeEvent<string, OutboxStreamRecord | TimerEventDetail>;

/**
 * The instant rounded up to the next whole second (unchanged when it is whole): EventBridge
 * Scheduler's `at(...)` has seconds precision, and a timer must never fire before its time.
 */
export const roundUpToSecond = (at: Date): Date => new Date(Math.ceil(at.getTime() / 1000) * 1000);

/**
 * The `Input` of a timer's schedule, which becomes the published event's `detail`: the outbox
 * item's fields, so that consumers read a timer event like any other. The id is `<name>@<at>`, so
 * a timer that fires twice publishes the same id (consumers deduplicate) and a moved timer a new one.
 * The detail is validated against the event's one definition here, like the outbox does.
 */
export const timerEventInput = (name: string, at: Date, pending: PendingEvent): string => {
  const definition = eventDefinition(pending.detailType);
  if (!definition) throw new Error(`Unknown event type ${pending.detailType}`);
  const detail = definition.detail.parse(pending.detail);
  const atIso = roundUpToSecond(at).toISOString();
  const item: TimerEventDetail = {
    eventId: `${name}@${atIso}`,
    source: definition.source,
    detailType: definition.detailType,
    version: definition.version,
    occurredAt: atIso,
    detail: JSON.stringify(detail),
  };
  return JSON.stringify(item);
};

/** The outbox item a bus event carries, whichever way it was published; undefined when none. */
const carriedItem = (detail: BusEvent['detail'] | undefined): Record<string, unknown> | undefined => {
  if (!detail || typeof detail !== 'object') return undefined;
  if ('dynamodb' in detail) {
    const image = detail.dynamodb?.NewImage;
    return image ? unmarshall(image) : undefined;
  }
  return 'eventId' in detail ? (detail as unknown as Record<string, unknown>) : undefined;
};

/** Unwraps and validates a bus event against its one definition; throws on anything else. */
export const parseBusEvent = <T extends z.ZodType>(
  definition: EventDefinition<string, T>,
  event: BusEvent,
): StoredEvent<z.infer<T>> => {
  const item = carriedItem(event.detail);
  if (!item) throw new Error('Bus event carries no outbox item');
  if (item.detailType !== definition.detailType || item.source !== definition.source) {
    throw new Error(`Expected ${definition.detailType}, got ${String(item.detailType)}`);
  }
  if (item.version !== definition.version) {
    throw new Error(
      `${definition.detailType} version ${String(item.version)} is not the consumer's ${definition.version}`,
    );
  }
  return {
    id: String(item.eventId),
    source: definition.source,
    detailType: definition.detailType,
    version: definition.version,
    occurredAt: String(item.occurredAt),
    detail: definition.detail.parse(JSON.parse(String(item.detail))),
  };
};
