import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { ValidationError } from '../../domain/errors';
import type { SuppressionList } from '../adapters/dynamodb-suppression-list';
import { describeError, logger } from '../shared/logger';
import { perContainer } from '../shared/per-container';
import { suppressionList } from '../shared/suppression-wiring';
import { type Feedback, feedbackOf, parseSesNotification } from './ses-notification';

/** What one notification did; counts and SES's ids only, never an address. */
export interface FeedbackOutcome {
  snsMessageId: string;
  action: Feedback['action'];
  eventType: string;
  /** Addresses newly put on the list. */
  suppressed: number;
  /** Addresses that were on it already (a redelivered notification, or a second report). */
  alreadySuppressed: number;
}

const handle = async (suppressions: SuppressionList, snsMessageId: string, message: string) => {
  const feedback = feedbackOf(parseSesNotification(message));
  let suppressed = 0;
  let alreadySuppressed = 0;
  if (feedback.action === 'suppress') {
    // One at a time and in order: a bounce lists a handful of recipients at most (we send to one).
    for (const address of feedback.addresses) {
      const added = await suppressions.suppress(address, {
        reason: feedback.reason,
        feedbackId: feedback.feedbackId,
        reportedAt: feedback.reportedAt,
      });
      if (added) suppressed += 1;
      else alreadySuppressed += 1;
    }
  }
  const outcome: FeedbackOutcome = {
    snsMessageId,
    action: feedback.action,
    eventType: feedback.eventType,
    suppressed,
    alreadySuppressed,
  };
  // Transient bounces are counted from this line (a CloudWatch Logs metric filter on action "count").
  logger.info('ses feedback handled', {
    ...outcome,
    ...(feedback.action === 'count'
      ? {
          bounceType: feedback.bounceType,
          bounceSubType: feedback.bounceSubType,
          recipients: feedback.recipients,
        }
      : {}),
    ...(feedback.action === 'suppress'
      ? { reason: feedback.reason, feedbackId: feedback.feedbackId, bounceSubType: feedback.bounceSubType }
      : {}),
    ...(feedback.action === 'ignore' ? { why: feedback.why } : {}),
  });
  return outcome;
};

/**
 * SES bounce and complaint notifications, from the configuration set's event destination through
 * the SNS topic (infra/mail-feedback.ts), put the address on the suppression list that every send
 * checks.
 *
 * The SNS signature is not verified here: Lambda is invoked by the SNS service itself, only for the
 * topic its resource policy names, and the topic accepts messages only from SES for this
 * configuration set. Signature checks matter for HTTP(S) subscriptions, where anyone can POST.
 *
 * Idempotent (SNS and asynchronous Lambda invocations both deliver at least once): the list keeps
 * the first entry of an address, so a redelivered notification changes nothing.
 *
 * A message that is not an SES notification throws a ValidationError after one log line. It does
 * not loop: the asynchronous invocation is retried twice and then goes to the function's
 * dead-letter queue, where it stays for a person to read. Dropping it instead could silently lose a
 * real bounce in a shape we do not know yet, and mail would keep going to a dead address.
 */
export const createHandler = (ports: () => { suppressions: SuppressionList }) =>
  middy<SNSEvent, FeedbackOutcome[]>().handler(async (event) => {
    const outcomes: FeedbackOutcome[] = [];
    for (const record of event.Records ?? []) {
      const snsMessageId = record.Sns?.MessageId ?? 'unknown';
      try {
        outcomes.push(await handle(ports().suppressions, snsMessageId, record.Sns?.Message ?? ''));
      } catch (error) {
        logger.error('ses feedback failed', {
          snsMessageId,
          ...describeError(error),
          // Paths and zod's messages name fields and types, never the values.
          ...(error instanceof ValidationError ? { issues: error.issues } : {}),
        });
        throw error;
      }
    }
    return outcomes;
  });

export const handler = createHandler(
  perContainer(() => ({
    suppressions: suppressionList(),
  })),
);
