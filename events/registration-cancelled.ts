import * as z from 'zod';
import { defineEvent } from './define-event';
import { ROLES } from './roles';

/** A registrant cancelled through their link: a seat (or a place in the queue) is free. */
export const RegistrationCancelled = defineEvent({
  source: 'network.meetings',
  detailType: 'RegistrationCancelled',
  version: 1,
  summary: 'A registration was cancelled; if it held a seat, the first one waiting is promoted.',
  detail: z.object({
    registrationId: z.string(),
    meetingId: z.string(),
    previousStatus: z.enum(['confirmed', 'waitlisted']),
    /** Categories for the statistics (cancellations per municipality and role). */
    municipalityCode: z.string().regex(/^\d{4}$/),
    role: z.enum(ROLES),
  }),
});
