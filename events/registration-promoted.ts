import * as z from 'zod';
import { defineEvent } from './define-event';
import { ROLES } from './roles';

/** A waiting registrant got a seat. */
export const RegistrationPromoted = defineEvent({
  source: 'network.meetings',
  detailType: 'RegistrationPromoted',
  version: 1,
  summary: 'A registration moved from the waiting list to a seat.',
  detail: z.object({
    registrationId: z.string(),
    meetingId: z.string(),
    days: z.array(z.iso.date()).min(1),
    /** Categories for the statistics (seats held per municipality and role). */
    municipalityCode: z.string().regex(/^\d{4}$/),
    role: z.enum(ROLES),
  }),
});
