import * as z from 'zod';
import { defineEvent } from './define-event';

/** The retention job deleted the registrations of a meeting that ended long enough ago. */
export const PersonalDataPurged = defineEvent({
  source: 'network.privacy',
  detailType: 'PersonalDataPurged',
  version: 1,
  summary:
    'The retention job deleted the registrations (names, addresses, dietary needs) of a meeting whose last day is older than the retention period.',
  detail: z.object({
    meetingId: z.string(),
    registrations: z.int().positive(),
    retentionMonths: z.int().positive(),
  }),
});
