import { type BusEntry, busEntryOfStreamRecord, type OutboxStreamRecord } from '../shared/event-envelope';
import { describeError, logger } from '../shared/logger';

/**
 * The outbox pipe's enrichment: a batch of stream records (already filtered to inserted outbox
 * items) in, one bus entry per record out, in order. The pipe puts each on the bus with `source`
 * and `detail-type` from the entry and the entry's `detail` as the event's detail (its target
 * parameters and input template, infra/stateful-stack.ts). A record that is not a valid event
 * fails the whole batch: the pipe retries it and then dead-letters it, where `ops dlq redrive`
 * finds it; dropping it here would lose an event without a trace.
 */
export const handler = async (records: readonly OutboxStreamRecord[]): Promise<BusEntry[]> => {
  try {
    return records.map(busEntryOfStreamRecord);
  } catch (error) {
    logger.error('outbox enrichment: a record is not an event', describeError(error));
    throw error;
  }
};
