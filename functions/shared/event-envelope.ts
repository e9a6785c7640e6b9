import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import type { z } from 'zod';
import type { EventDefinition, StoredEvent } from '../../events/define-event';

/**
 * What the pipe puts on the bus: the DynamoDB stream record of an outbox item as `detail`,
 * with `source` and `detail-type` lifted from the item (the same locally and in AWS).
 */
export interface OutboxStreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}

export type BusEvent = EventBridgeEvent<string, OutboxStreamRecord>;

/** Unwraps and validates a bus event against its one definition; throws on anything else. */
export const parseBusEvent = <T extends z.ZodType>(
  definition: EventDefinition<string, T>,
  event: BusEvent,
): StoredEvent<z.infer<T>> => {
  const image = event.detail?.dynamodb?.NewImage;
  if (!image) throw new Error('Bus event carries no outbox item');
  const item = unmarshall(image);
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
