import * as z from 'zod';
import { defineEvent } from './define-event';
import { ROLES } from './roles';

/** Someone registered for a meeting and got a seat or a place on the waiting list. */
export const RegistrationReceived = defineEvent({
  source: 'network.meetings',
  detailType: 'RegistrationReceived',
  version: 1,
  summary: 'An official registered for a meeting; `status` says whether they got a seat or wait.',
  detail: z.object({
    registrationId: z.string(),
    meetingId: z.string(),
    status: z.enum(['confirmed', 'waitlisted']),
    days: z.array(z.iso.date()).min(1),
    /** Categories for the statistics (not identities): the registrant's municipality and role. */
    municipalityCode: z.string().regex(/^\d{4}$/),
    role: z.enum(ROLES),
  }),
});
