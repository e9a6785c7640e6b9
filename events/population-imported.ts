import * as z from 'zod';
import { defineEvent } from './define-event';

/** A population file changed at least one stored figure. */
export const PopulationImported = defineEvent({
  source: 'network.members',
  detailType: 'PopulationImported',
  version: 1,
  summary: 'A population import changed stored figures (re-importing the same file emits nothing).',
  detail: z.object({
    years: z.array(z.int()),
    figuresChanged: z.int().nonnegative(),
    source: z.string(),
  }),
});
