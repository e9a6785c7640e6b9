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
  consumers: [
    {
      name: 'send-evaluation-reminders',
      entry: 'functions/consumers/on-evaluation-reminder-time-reached-remind.ts',
      summary:
        'Reminds, once, those invited that day who have not answered; the answers stay anonymous (only the answered marker is read).',
      sendsEmail: true,
      usesLinkTokens: true,
    },
  ],
});
