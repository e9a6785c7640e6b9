import * as z from 'zod';
import { defineEvent } from './define-event';
import { ROLES } from './roles';

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
    /** Categories for the statistics, not identities: the municipality (absent for a walk-in who did not say) and the role. */
    municipalityCode: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    role: z.enum(ROLES),
    /** A keyed pseudonym of the person (HMAC of the address): counts unique people, names nobody. */
    participantKey: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  }),
});
