import * as z from 'zod';
import { defineEvent } from './define-event';

/** A meeting is `daysBefore` days away: time to remind those with a seat. */
export const ReminderTimeReached = defineEvent({
  source: 'network.timers',
  detailType: 'ReminderTimeReached',
  version: 1,
  summary:
    'A meeting reminder timer fired (7 days and 1 day before the start); published by the scheduler, not stored.',
  publishedBy: 'timer',
  detail: z.object({
    meetingId: z.string(),
    daysBefore: z.union([z.literal(7), z.literal(1)]),
    /** The start the timer was set for; a timer left over from before a move is recognised by it. */
    startsAt: z.iso.datetime(),
  }),
});
