import * as z from 'zod';
import { defineEvent } from './define-event';

/** Someone was present at a meeting on one of its days (once per person and day). */
export const AttendanceLogged = defineEvent({
  source: 'network.attendance',
  detailType: 'AttendanceLogged',
  version: 1,
  summary: 'A person attended a meeting on a day; logged once per person and day (walk-ins included).',
  detail: z.object({
    meetingId: z.string(),
    day: z.iso.date(),
    registrationId: z.string(),
    walkIn: z.boolean(),
  }),
  consumers: [
    {
      name: 'send-evaluation-invitation',
      entry: 'functions/consumers/on-attendance-logged-send-evaluation.ts',
      summary:
        'Once the meeting has ended, e-mails the attendee (once per meeting) a single-use evaluation link.',
      sendsEmail: true,
      usesLinkTokens: true,
      usesScheduler: true,
    },
  ],
});
