import * as z from 'zod';
import { defineEvent } from './define-event';

/** The secretariat erased a person's data on request (GDPR art. 17). */
export const PersonErased = defineEvent({
  source: 'network.privacy',
  detailType: 'PersonErased',
  version: 1,
  summary:
    'A person’s registrations and subscriptions were erased on request; carries a keyed pseudonym and counts, never the address.',
  detail: z.object({
    /** Random id of this erasure, also in the admin's answer: the secretariat's record of it. */
    erasureId: z.string(),
    /** The keyed pseudonym of the address (the statistics' participant key): names nobody. */
    personKey: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
    registrations: z.int().nonnegative(),
    /** Registrations for meetings not yet started that were cancelled first (seat freed). */
    cancelledFirst: z.int().nonnegative(),
    subscriptions: z.int().nonnegative(),
  }),
});
