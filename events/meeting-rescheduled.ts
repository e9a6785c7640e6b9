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
});
