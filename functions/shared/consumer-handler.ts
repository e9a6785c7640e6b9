import middy from '@middy/core';
import type { z } from 'zod';
import type { EventDefinition, StoredEvent } from '../../events/define-event';
import { type BusEvent, parseBusEvent } from './event-envelope';
import { describeError, logger } from './logger';

export interface Receipts {
  once<T>(
    consumer: string,
    eventId: string,
    work: () => Promise<T>,
  ): Promise<{ duplicate: boolean; result?: T }>;
}

/**
 * The house defaults of every consumer: parse the bus event against its definition, run the
 * work at most once per event id (at-least-once delivery), log once. Errors propagate so that
 * the platform retries and finally dead-letters the event.
 */
export const consumerFunction = <T extends z.ZodType, R>(
  consumer: string,
  definition: EventDefinition<string, T>,
  receipts: () => Receipts,
  work: (event: StoredEvent<z.infer<T>>) => Promise<R>,
) =>
  middy<BusEvent, { duplicate: boolean; result?: R }>().handler(async (busEvent) => {
    const event = parseBusEvent(definition, busEvent);
    const started = Date.now();
    try {
      const outcome = await receipts().once(consumer, event.id, () => work(event));
      logger.info(outcome.duplicate ? 'duplicate event ignored' : 'event handled', {
        consumer,
        eventId: event.id,
        detailType: event.detailType,
        durationMs: Date.now() - started,
        ...(outcome.duplicate ? {} : { result: outcome.result }),
      });
      return outcome;
    } catch (error) {
      logger.error('event failed', { consumer, eventId: event.id, ...describeError(error) });
      throw error;
    }
  });
