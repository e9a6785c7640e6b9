import * as z from 'zod';
import { defineEvent } from './define-event';

/**
 * An admin asked for a meeting's timers to be set again (after a hand-over to another AWS
 * account: timers live in EventBridge Scheduler, not in the table, so they do not travel).
 */
export const MeetingTimersRestoreRequested = defineEvent({
  source: 'network.meetings',
  detailType: 'MeetingTimersRestoreRequested',
  version: 1,
  summary:
    'An admin asked for the timers of a meeting to be set again from the stored state (after a hand-over).',
  detail: z.object({ meetingId: z.string() }),
  consumers: [
    {
      name: 'restore-meeting-timers',
      entry: 'functions/consumers/on-meeting-timers-restore-requested-restore-timers.ts',
      summary:
        'Sets the reminders, the end and the evaluation reminders of the meeting that still lie ahead, as the meeting is now.',
      usesScheduler: true,
    },
  ],
});
