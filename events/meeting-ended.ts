import * as z from 'zod';
import { defineEvent } from './define-event';

/** The end time of a meeting's last day has passed. */
export const MeetingEnded = defineEvent({
  source: 'network.timers',
  detailType: 'MeetingEnded',
  version: 1,
  summary: 'A meeting’s end-of-meeting timer fired; published by the scheduler, not stored.',
  publishedBy: 'timer',
  detail: z.object({
    meetingId: z.string(),
    /** The end the timer was set for; a timer left over from before a move is recognised by it. */
    endsAt: z.iso.datetime(),
  }),
});
