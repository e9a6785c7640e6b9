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
});
