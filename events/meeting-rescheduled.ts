import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin moved a meeting in time or place. */
export const MeetingRescheduled = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingRescheduled',
  version: 1,
  summary:
    'An admin moved a meeting (days, times, venue or link); registrants get an updated invitation and the timers move.',
  detail: z.object({
    meetingId: z.string(),
    revision: z.int().positive(),
    days: z.array(z.iso.date()).min(1),
    startTime: z.string(),
    endTime: z.string(),
  }),
  consumers: [
    {
      name: 'notify-meeting-rescheduled',
      entry: 'functions/consumers/on-meeting-rescheduled-notify.ts',
      summary:
        'E-mails every registrant the new time and place, once per revision; seat holders get an updated calendar invitation (same UID, higher SEQUENCE).',
      sendsEmail: true,
      usesLinkTokens: true,
    },
    {
      name: 'move-meeting-timers',
      entry: 'functions/consumers/on-meeting-rescheduled-set-timers.ts',
      summary: 'Moves the meeting’s reminder and end-of-meeting timers to the new time.',
      usesScheduler: true,
    },
    {
      name: 'count-meeting-rescheduled',
      entry: 'functions/consumers/on-domain-event-count-statistics.ts',
      summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
    },
  ],
});
