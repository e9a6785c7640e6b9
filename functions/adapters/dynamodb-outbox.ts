import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { eventDefinition, type PendingEvent, type StoredEvent } from '../../events/catalogue';
import { currentCorrelationId } from '../shared/correlation';
import { EVENT_ITEM_TYPE, gsi1, keys } from './table-design';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Turns a pending event into the outbox Put of a transaction. The detail is validated against
 * the event's one definition here, so that no malformed event ever reaches the stream.
 */
export const outboxPut = (
  tableName: string,
  pending: PendingEvent,
  context: { id: string; now: Date },
): { item: TransactItem; event: StoredEvent } => {
  const definition = eventDefinition(pending.detailType);
  if (!definition) throw new Error(`Unknown event type ${pending.detailType}`);
  const detail = definition.detail.parse(pending.detail);
  const occurredAt = context.now.toISOString();
  // The id of the request (or consumed event) that caused this one, so its consumers log it too.
  const correlationId = currentCorrelationId();
  // The pending event's own type names the definition that parsed its detail.
  const event = {
    id: context.id,
    source: definition.source,
    detailType: definition.detailType,
    version: definition.version,
    occurredAt,
    ...(correlationId ? { correlationId } : {}),
    detail,
  } as StoredEvent;
  return {
    event,
    item: {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.event(event.id),
          GSI1PK: gsi1.eventsOfYear(occurredAt.slice(0, 4)),
          GSI1SK: `${occurredAt}#${event.id}`,
          type: EVENT_ITEM_TYPE,
          eventId: event.id,
          source: event.source,
          detailType: event.detailType,
          version: event.version,
          occurredAt,
          // A JSON string keeps the detail exactly as the schema produced it (no DynamoDB typing).
          detail: JSON.stringify(detail),
          ...(correlationId ? { correlationId } : {}),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
};
