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
});
