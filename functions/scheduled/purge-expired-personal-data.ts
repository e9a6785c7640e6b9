import middy from '@middy/core';
import * as z from 'zod';
import { DEFAULT_RETENTION_MONTHS } from '../../domain/privacy/personal-data';
import {
  purgeExpiredPersonalData,
  type RetentionPorts,
} from '../../domain/privacy/purge-expired-personal-data';
import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { describeError, logger } from '../shared/logger';

/**
 * Months after a meeting's last day that its registrations are kept (default and reasoning in
 * docs/privacy.md). Only this function reads it, so it is validated here rather than in the
 * shared config.
 */
export const retentionMonths = (env: NodeJS.ProcessEnv = process.env): number =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(120)
    .default(DEFAULT_RETENTION_MONTHS)
    .parse(env.PERSONAL_DATA_RETENTION_MONTHS);

/**
 * Runs once a day (an EventBridge cron rule in AWS; locally a test or the local clock calls it).
 * Errors propagate: the rule's retry and dead-letter queue take over, and the next run repeats
 * whatever is left (the purge is idempotent).
 */
export const createHandler = (ports: () => RetentionPorts, months: () => number = () => retentionMonths()) =>
  middy<unknown, Awaited<ReturnType<typeof purgeExpiredPersonalData>>>().handler(async () => {
    try {
      const result = await purgeExpiredPersonalData(ports(), months());
      logger.info('expired personal data purged', { ...result, retentionMonths: months() });
      return result;
    } catch (error) {
      logger.error('purge of expired personal data failed', describeError(error));
      throw error;
    }
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    people: new DynamoDbPersonalData(db, table, clock, ids),
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
    clock,
  })),
);
