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
  consumers: [
    {
      name: 'announce-meeting',
      entry: 'functions/consumers/on-meeting-scheduled-announce.ts',
      summary:
        'Announces the meeting to the focus group’s mailing list, once per subscriber, with an unsubscribe link.',
      sendsEmail: true,
      usesLinkTokens: true,
    },
    {
      name: 'set-meeting-timers',
      entry: 'functions/consumers/on-meeting-scheduled-set-timers.ts',
      summary: 'Sets the timers of the reminders (7 days and 1 day before) and of the meeting’s end.',
      usesScheduler: true,
    },
    {
      name: 'count-meeting-scheduled',
      entry: 'functions/consumers/on-domain-event-count-statistics.ts',
      summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
    },
  ],
});
