import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin created or changed a principal (the organisation that runs the network) and its period. */
export const PrincipalSaved = defineEvent({
  source: 'network.members',
  detailType: 'PrincipalSaved',
  version: 1,
  summary: 'A principal (name, bankgiro, invoice series, validity period) was saved.',
  detail: z.object({ principalId: z.string() }),
});
