import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin created or changed a billing party (e.g. a federation paying for several members). */
export const BillingPartySaved = defineEvent({
  source: 'network.members',
  detailType: 'BillingPartySaved',
  version: 1,
  summary: 'A billing party was saved.',
  detail: z.object({ billingPartyId: z.string() }),
});
