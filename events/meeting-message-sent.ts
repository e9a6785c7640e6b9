import * as z from 'zod';
import { defineEvent } from './define-event';

/** The secretariat wrote to a meeting's registrants; the message and its recipients are stored by id. */
export const MeetingMessageSent = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingMessageSent',
  version: 1,
  summary:
    'The secretariat wrote to a meeting’s confirmed, waiting, attending or all registrants. Consumer: one e-mail per recipient, once each. Ids only: the text and the recipients are read from the stored message.',
  detail: z.object({
    messageId: z.string(),
    meetingId: z.string(),
    audience: z.enum(['confirmed', 'waitlisted', 'attended', 'all']),
    recipients: z.int().min(0),
  }),
});
