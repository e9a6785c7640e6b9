import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import type { EventDefinition, EventRecord } from '../../events/define-event';
import type { Subscription } from '../subscriptions';
import { withCorrelationId } from './correlation';
import { type BusEvent, parseBusEvent } from './event-envelope';
import { describeError, logger, powertoolsLogger } from './logger';

export interface Receipts {
  once<T>(
    consumer: string,
    eventId: string,
    work: () => Promise<T>,
  ): Promise<{ duplicate: boolean; result?: T }>;
}

/** The event a consumer of this definition receives, its detail typed by the definition. */
export type ConsumedEvent<E extends EventDefinition> =
  E extends EventDefinition<infer K, infer S> ? EventRecord<K, z.infer<S>> : never;

/**
 * The house defaults of every consumer: parse the bus event against the definition its row of
 * the subscription table names, run the work at most once per event id under the row's consumer
 * name (at-least-once delivery), log once. Errors propagate so that the platform retries and
 * finally dead-letters the event.
 */
export const consumerFunction = <E extends EventDefinition, R>(
  row: Subscription<E>,
  receipts: () => Receipts,
  work: (event: ConsumedEvent<E>) => Promise<R>,
) => {
  const handle = async (event: ConsumedEvent<E>): Promise<{ duplicate: boolean; result?: R }> => {
    const { consumer } = row;
    const started = Date.now();
    const context = { consumer, eventId: event.id, detailType: event.detailType };
    try {
      const outcome = await receipts().once(consumer, event.id, () => work(event));
      logger.info(outcome.duplicate ? 'duplicate event ignored' : 'event handled', {
        ...context,
        durationMs: Date.now() - started,
        ...(outcome.duplicate ? {} : { result: outcome.result }),
      });
      return outcome;
    } catch (error) {
      logger.error('event failed', { ...context, ...describeError(error) });
      throw error;
    }
  };
  // The function's name, request id and cold start on every line, as the HTTP functions have; in
  // the local cloud, where all functions share one process, it also drops the previous function's.
  return middy<BusEvent, { duplicate: boolean; result?: R }>()
    .use(injectLambdaContext(powertoolsLogger, { resetKeys: true }))
    .handler(async (busEvent) => {
      const event = parseBusEvent(row.event, busEvent) as ConsumedEvent<E>;
      // The request that caused the event, else the event itself (a timer's): every log line of this
      // handling and every event it writes carries it (functions/shared/correlation.ts).
      return withCorrelationId(event.correlationId ?? event.id, () => handle(event));
    });
};
