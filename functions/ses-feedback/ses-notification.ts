import * as z from 'zod';
import { ValidationError } from '../../domain/errors';
import type { SuppressionReason } from '../adapters/dynamodb-suppression-list';
import { validate } from '../shared/http';

/**
 * The parts of an SES notification this system reads, as SES publishes them to SNS: through a
 * configuration set's event destination (`eventType`) or an identity's feedback notifications
 * (`notificationType`, the older spelling of the same field). Everything else SES sends (headers,
 * tags, diagnostic codes, which quote addresses) is ignored, so it is never held or logged.
 * Format: https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
const Recipient = z.object({ emailAddress: z.string().min(3).max(320) });

const Bounce = z.object({
  /** Permanent, Transient or Undetermined; kept open so that a new value is not a parse failure. */
  bounceType: z.string().min(1),
  bounceSubType: z.string().min(1),
  bouncedRecipients: z.array(Recipient).min(1),
  timestamp: z.string().min(1),
  feedbackId: z.string().min(1),
});

const Complaint = z.object({
  complainedRecipients: z.array(Recipient).min(1),
  timestamp: z.string().min(1),
  feedbackId: z.string().min(1),
  /** RFC 5965 feedback type (abuse, fraud, not-spam, …); absent when the ISP sent none. */
  complaintFeedbackType: z.string().optional(),
});

export const SesNotification = z
  .object({
    eventType: z.string().min(1).optional(),
    notificationType: z.string().min(1).optional(),
    mail: z.object({ messageId: z.string().min(1) }),
    bounce: Bounce.optional(),
    complaint: Complaint.optional(),
  })
  .refine((n) => n.eventType !== undefined || n.notificationType !== undefined, {
    message: 'Neither eventType nor notificationType',
    path: ['eventType'],
  })
  .refine((n) => (n.eventType ?? n.notificationType) !== 'Bounce' || n.bounce !== undefined, {
    message: 'A Bounce without its bounce object',
    path: ['bounce'],
  })
  .refine((n) => (n.eventType ?? n.notificationType) !== 'Complaint' || n.complaint !== undefined, {
    message: 'A Complaint without its complaint object',
    path: ['complaint'],
  });
export type SesNotification = z.infer<typeof SesNotification>;

/** What to do about one notification. Addresses appear only in `suppress`, and only to be hashed. */
export type Feedback =
  | {
      action: 'suppress';
      eventType: string;
      reason: SuppressionReason;
      addresses: string[];
      feedbackId: string;
      reportedAt: string;
      bounceSubType?: string;
    }
  /** A soft bounce (mailbox full, greylisting, …) or one SES could not classify: counted, not suppressed. */
  | { action: 'count'; eventType: string; bounceType: string; bounceSubType: string; recipients: number }
  /** Feedback that asks for nothing (a not-spam report, or an event type we did not ask SES for). */
  | { action: 'ignore'; eventType: string; why: string };

/** `Name <a@b>` (some reporting MTAs) → `a@b`; a bare address unchanged. */
const bareAddress = (address: string): string =>
  /<([^<>]+)>\s*$/.exec(address)?.[1]?.trim() ?? address.trim();

/**
 * Reads an SNS message body as an SES notification. Not JSON, or not the shape above, is a
 * ValidationError: permanent, so the function lets it go to its dead-letter queue (see the handler).
 */
export const parseSesNotification = (message: string): SesNotification => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch (error) {
    throw new ValidationError([{ path: '', message: 'The SNS message is not JSON' }], undefined, {
      cause: error,
    });
  }
  return validate(SesNotification, json);
};

/**
 * Standard SES practice: only a permanent bounce (the address does not exist, or SES already
 * knows it bounces) and a complaint (the person marked our mail as spam) stop further mail. A
 * transient bounce says nothing lasting about the address; suppressing on it would cut off an
 * official because their mailbox was full for a day.
 */
export const feedbackOf = (notification: SesNotification): Feedback => {
  const eventType = notification.eventType ?? notification.notificationType ?? '';
  const { bounce, complaint } = notification;
  if (eventType === 'Bounce' && bounce) {
    if (bounce.bounceType !== 'Permanent') {
      return {
        action: 'count',
        eventType,
        bounceType: bounce.bounceType,
        bounceSubType: bounce.bounceSubType,
        recipients: bounce.bouncedRecipients.length,
      };
    }
    return {
      action: 'suppress',
      eventType,
      reason: 'BOUNCE',
      addresses: bounce.bouncedRecipients.map((r) => bareAddress(r.emailAddress)),
      feedbackId: bounce.feedbackId,
      reportedAt: bounce.timestamp,
      bounceSubType: bounce.bounceSubType,
    };
  }
  if (eventType === 'Complaint' && complaint) {
    // An ISP's "not-spam" report withdraws a complaint rather than making one.
    if (complaint.complaintFeedbackType === 'not-spam') {
      return { action: 'ignore', eventType, why: 'not-spam feedback' };
    }
    return {
      action: 'suppress',
      eventType,
      reason: 'COMPLAINT',
      addresses: complaint.complainedRecipients.map((r) => bareAddress(r.emailAddress)),
      feedbackId: complaint.feedbackId,
      reportedAt: complaint.timestamp,
    };
  }
  return { action: 'ignore', eventType, why: 'not a bounce or complaint' };
};
