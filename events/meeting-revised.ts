import * as z from 'zod';
import { defineEvent } from './define-event';

/** The secretariat changed what a meeting is (title, programme, speakers, partners, capacity). */
export const MeetingRevised = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingRevised',
  version: 1,
  summary:
    'The secretariat changed a meeting’s content or capacity (not its time or place: see MeetingRescheduled). Consumer: when seats were added, the waiting list is promoted.',
  detail: z.object({
    meetingId: z.string(),
    fields: z.array(z.enum(['title', 'programme', 'speakers', 'partners', 'capacity'])),
    capacity: z.int().positive(),
  }),
});
