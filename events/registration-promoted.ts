import * as z from 'zod';
import { defineEvent } from './define-event';

/** A waiting registrant got a seat. */
export const RegistrationPromoted = defineEvent({
  source: 'network.meetings',
  detailType: 'RegistrationPromoted',
  version: 1,
  summary: 'A registration moved from the waiting list to a seat.',
  detail: z.object({ registrationId: z.string(), meetingId: z.string(), days: z.array(z.iso.date()).min(1) }),
  consumers: [
    {
      name: 'send-promotion-notice',
      usesLinkTokens: true,
      entry: 'functions/consumers/on-registration-promoted-send-notice.ts',
      summary: 'Tells the registrant by e-mail that they now have a seat.',
      sendsEmail: true,
    },
  ],
});
