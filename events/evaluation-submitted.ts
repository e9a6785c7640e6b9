import * as z from 'zod';
import { defineEvent } from './define-event';

/** An attendee rated a meeting. Anonymous: the event names the meeting, never the person. */
export const EvaluationSubmitted = defineEvent({
  source: 'network.evaluations',
  detailType: 'EvaluationSubmitted',
  version: 1,
  summary: 'An anonymous evaluation (two 1–6 ratings) of a meeting was stored.',
  detail: z.object({
    meetingId: z.string(),
    satisfaction: z.int().min(1).max(6),
    usefulness: z.int().min(1).max(6),
  }),
});
