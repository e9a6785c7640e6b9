import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin added, renamed or retired a focus group. */
export const FocusGroupSaved = defineEvent({
  source: 'network.meetings',
  detailType: 'FocusGroupSaved',
  version: 1,
  summary: 'A focus group was added, renamed or retired.',
  detail: z.object({ focusGroupId: z.string(), retired: z.boolean() }),
});
