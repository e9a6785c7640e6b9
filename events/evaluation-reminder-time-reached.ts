import * as z from 'zod';
import { defineEvent } from './define-event';

/** Three days have passed since evaluation links went out on `invitedOn`. */
export const EvaluationReminderTimeReached = defineEvent({
  source: 'network.timers',
  detailType: 'EvaluationReminderTimeReached',
  version: 1,
  summary:
    'Three days after evaluation links went out (per meeting and Stockholm day of sending); published by the scheduler, not stored.',
  publishedBy: 'timer',
  detail: z.object({ meetingId: z.string(), invitedOn: z.iso.date() }),
});
