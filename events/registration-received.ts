import * as z from 'zod';
import { defineEvent } from './define-event';
import { ROLES } from './roles';

/** Someone registered for a meeting and got a seat or a place on the waiting list. */
export const RegistrationReceived = defineEvent({
  source: 'network.meetings',
  detailType: 'RegistrationReceived',
  version: 1,
  summary: 'An official registered for a meeting; `status` says whether they got a seat or wait.',
  detail: z.object({
    registrationId: z.string(),
    meetingId: z.string(),
    status: z.enum(['confirmed', 'waitlisted']),
    days: z.array(z.iso.date()).min(1),
    /** Categories for the statistics (not identities): the registrant's municipality and role. */
    municipalityCode: z.string().regex(/^\d{4}$/),
    role: z.enum(ROLES),
  }),
  consumers: [
    {
      name: 'send-registration-confirmation',
      usesLinkTokens: true,
      entry: 'functions/consumers/on-registration-received-send-confirmation.ts',
      summary: 'E-mails the registrant a confirmation (or waiting-list notice) in their language.',
      sendsEmail: true,
    },
    {
      name: 'promote-waiting-on-arrival',
      entry: 'functions/consumers/on-registration-received-promote-waiting.ts',
      summary:
        'When a newcomer had to wait only because others were queued, seats the first waiting who fit (a two-day meeting can have a free day).',
    },
    {
      name: 'index-registrant',
      usesLinkTokens: true,
      entry: 'functions/consumers/on-registration-received-index-person.ts',
      summary:
        'Adds the registration to the person index (keyed by the HMAC of the address), so erasure and export find it without a scan.',
    },
    {
      name: 'count-registration-received',
      entry: 'functions/consumers/on-domain-event-count-statistics.ts',
      summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
    },
  ],
});
