import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin put a meeting on the calendar. */
export const MeetingScheduled = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingScheduled',
  version: 1,
  summary: 'An admin scheduled a meeting for a focus group; its mailing list is told.',
  detail: z.object({
    meetingId: z.string(),
    focusGroupId: z.string(),
    kind: z.enum(['physical', 'digital']),
    days: z.array(z.iso.date()).min(1),
    capacity: z.int().positive(),
  }),
});
