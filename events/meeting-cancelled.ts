import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin cancelled a meeting. */
export const MeetingCancelled = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingCancelled',
  version: 1,
  summary:
    'An admin cancelled a meeting; everyone registered is told, with a calendar CANCEL for those with a seat.',
  detail: z.object({ meetingId: z.string(), revision: z.int().nonnegative() }),
  consumers: [
    {
      name: 'notify-meeting-cancelled',
      entry: 'functions/consumers/on-meeting-cancelled-notify.ts',
      summary: 'E-mails every confirmed or waiting registrant that the meeting is cancelled (once each).',
      sendsEmail: true,
    },
    {
      name: 'drop-meeting-timers',
      entry: 'functions/consumers/on-meeting-cancelled-drop-timers.ts',
      summary: 'Removes the meeting’s reminder and end-of-meeting timers.',
      usesScheduler: true,
    },
    {
      name: 'count-meeting-cancelled',
      entry: 'functions/consumers/on-domain-event-count-statistics.ts',
      summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
    },
  ],
});
