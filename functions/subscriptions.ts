import { AttendanceLogged } from '../events/attendance-logged';
import type { EventDefinition } from '../events/define-event';
import { EvaluationReminderTimeReached } from '../events/evaluation-reminder-time-reached';
import { EvaluationSubmitted } from '../events/evaluation-submitted';
import { InvoiceIssued } from '../events/invoice-issued';
import { InvoiceResendRequested } from '../events/invoice-resend-requested';
import { MeetingCancelled } from '../events/meeting-cancelled';
import { MeetingEnded } from '../events/meeting-ended';
// Issue 16
import { MeetingMessageSent } from '../events/meeting-message-sent';
import { MeetingRescheduled } from '../events/meeting-rescheduled';
import { MeetingRevised } from '../events/meeting-revised';
import { MeetingScheduled } from '../events/meeting-scheduled';
import { MeetingTimersRestoreRequested } from '../events/meeting-timers-restore-requested';
import { RegistrationCancelled } from '../events/registration-cancelled';
import { RegistrationPromoted } from '../events/registration-promoted';
import { RegistrationReceived } from '../events/registration-received';
import { ReminderTimeReached } from '../events/reminder-time-reached';
import { SubscriptionRequested } from '../events/subscription-requested';
import { YearClosed } from '../events/year-closed';

/**
 * Who consumes what: one row per consumer, each one Lambda with its rule and dead-letter queue.
 * The CDK app (infra/consumers-stack.ts), the local bus (local/event-bus.ts), each consumer's
 * name (its idempotency key, see `subscription`) and docs/event-catalogue.md all derive from this
 * table, as the HTTP side derives from routes.ts. Events themselves are contracts in events/.
 */
export interface Subscription<TEvent extends EventDefinition = EventDefinition> {
  /** Unique, kebab-case; names the function, rule and queue, and keys the consumer's receipts. */
  readonly consumer: string;
  /** The event it reads, in the definition (and so the versions) it understands. */
  readonly event: TEvent;
  /** Entry file of the handler, relative to the repository root. */
  readonly entry: string;
  /** What the consumer does, for the generated catalogue. */
  readonly summary: string;
  /** Whether it sends e-mail (grants ses:SendEmail). */
  readonly sendsEmail?: boolean;
  /** Whether it issues or checks e-mail link tokens (gets the token key from Secrets Manager). */
  readonly usesLinkTokens?: boolean;
  /** Whether it sets or removes timers (EventBridge Scheduler schedules in the network's group). */
  readonly usesScheduler?: boolean;
}

/** The one handler that counts every counted event into the running statistics. */
const COUNT_STATISTICS_ENTRY = 'functions/consumers/on-domain-event-count-statistics.ts';

export const subscriptions = [
  {
    consumer: 'announce-meeting',
    event: MeetingScheduled,
    entry: 'functions/consumers/on-meeting-scheduled-announce.ts',
    summary:
      'Announces the meeting to the focus group’s mailing list, once per subscriber, with an unsubscribe link.',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'set-meeting-timers',
    event: MeetingScheduled,
    entry: 'functions/consumers/on-meeting-scheduled-set-timers.ts',
    summary: 'Sets the timers of the reminders (7 days and 1 day before) and of the meeting’s end.',
    usesScheduler: true,
  },
  {
    consumer: 'count-meeting-scheduled',
    event: MeetingScheduled,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'notify-meeting-rescheduled',
    event: MeetingRescheduled,
    entry: 'functions/consumers/on-meeting-rescheduled-notify.ts',
    summary:
      'E-mails every registrant the new time and place, once per revision; seat holders get an updated calendar invitation (same UID, higher SEQUENCE).',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'move-meeting-timers',
    event: MeetingRescheduled,
    entry: 'functions/consumers/on-meeting-rescheduled-set-timers.ts',
    summary: 'Moves the meeting’s reminder and end-of-meeting timers to the new time.',
    usesScheduler: true,
  },
  {
    consumer: 'count-meeting-rescheduled',
    event: MeetingRescheduled,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'notify-meeting-cancelled',
    event: MeetingCancelled,
    entry: 'functions/consumers/on-meeting-cancelled-notify.ts',
    summary: 'E-mails every confirmed or waiting registrant that the meeting is cancelled (once each).',
    sendsEmail: true,
  },
  {
    consumer: 'drop-meeting-timers',
    event: MeetingCancelled,
    entry: 'functions/consumers/on-meeting-cancelled-drop-timers.ts',
    summary: 'Removes the meeting’s reminder and end-of-meeting timers.',
    usesScheduler: true,
  },
  {
    consumer: 'count-meeting-cancelled',
    event: MeetingCancelled,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'send-subscription-confirmation',
    event: SubscriptionRequested,
    entry: 'functions/consumers/on-subscription-requested-send-confirmation.ts',
    summary: 'Mails the confirmation link; nothing is sent to the list until it is used.',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'send-registration-confirmation',
    event: RegistrationReceived,
    entry: 'functions/consumers/on-registration-received-send-confirmation.ts',
    summary: 'E-mails the registrant a confirmation (or waiting-list notice) in their language.',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'promote-waiting-on-arrival',
    event: RegistrationReceived,
    entry: 'functions/consumers/on-registration-received-promote-waiting.ts',
    summary:
      'When a newcomer had to wait only because others were queued, seats the first waiting who fit (a two-day meeting can have a free day).',
  },
  {
    consumer: 'index-registrant',
    event: RegistrationReceived,
    entry: 'functions/consumers/on-registration-received-index-person.ts',
    summary:
      'Adds the registration to the person index (keyed by the HMAC of the address), so erasure and export find it without a scan.',
    usesLinkTokens: true,
  },
  {
    consumer: 'count-registration-received',
    event: RegistrationReceived,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'promote-waiting',
    event: RegistrationCancelled,
    entry: 'functions/consumers/on-registration-cancelled-promote-waiting.ts',
    summary: 'Gives freed seats to the waiting list in arrival order.',
  },
  {
    consumer: 'count-registration-cancelled',
    event: RegistrationCancelled,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'send-promotion-notice',
    event: RegistrationPromoted,
    entry: 'functions/consumers/on-registration-promoted-send-notice.ts',
    summary: 'Tells the registrant by e-mail that they now have a seat.',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'count-registration-promoted',
    event: RegistrationPromoted,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'send-evaluation-invitation',
    event: AttendanceLogged,
    entry: 'functions/consumers/on-attendance-logged-send-evaluation.ts',
    summary:
      'Once the meeting has ended, e-mails the attendee (once per meeting) a single-use evaluation link.',
    sendsEmail: true,
    usesLinkTokens: true,
    usesScheduler: true,
  },
  {
    consumer: 'index-attendee',
    event: AttendanceLogged,
    entry: 'functions/consumers/on-attendance-logged-index-person.ts',
    summary:
      'Adds the attendee’s registration (walk-ins too) to the person index under the participant key, so erasure and export find it.',
  },
  {
    consumer: 'count-attendance-logged',
    event: AttendanceLogged,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'count-evaluation-submitted',
    event: EvaluationSubmitted,
    entry: COUNT_STATISTICS_ENTRY,
    summary: 'Counts it into the running statistics of the meeting’s year (once per event).',
  },
  {
    consumer: 'send-meeting-reminders',
    event: ReminderTimeReached,
    entry: 'functions/consumers/on-reminder-time-reached-send-reminders.ts',
    summary:
      'E-mails a reminder to everyone with a seat, once per person, reminder and start time; ignores timers of a moved or cancelled meeting.',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'invite-attendees-at-end',
    event: MeetingEnded,
    entry: 'functions/consumers/on-meeting-ended-send-evaluations.ts',
    summary:
      'E-mails the evaluation link to everyone whose attendance was logged before the end (once per person and meeting).',
    sendsEmail: true,
    usesLinkTokens: true,
    usesScheduler: true,
  },
  {
    consumer: 'send-evaluation-reminders',
    event: EvaluationReminderTimeReached,
    entry: 'functions/consumers/on-evaluation-reminder-time-reached-remind.ts',
    summary:
      'Reminds, once, those invited that day who have not answered; the answers stay anonymous (only the answered marker is read).',
    sendsEmail: true,
    usesLinkTokens: true,
  },
  {
    consumer: 'restore-meeting-timers',
    event: MeetingTimersRestoreRequested,
    entry: 'functions/consumers/on-meeting-timers-restore-requested-restore-timers.ts',
    summary:
      'Sets the reminders, the end and the evaluation reminders of the meeting that still lie ahead, as the meeting is now.',
    usesScheduler: true,
  },
  {
    consumer: 'issue-invoices',
    event: YearClosed,
    entry: 'functions/consumers/on-year-closed-issue-invoices.ts',
    summary:
      'Issues one invoice per billing party for the next fee year, numbered without gaps; reports members it cannot invoice.',
  },
  {
    consumer: 'freeze-year-report',
    event: YearClosed,
    entry: 'functions/consumers/on-year-closed-freeze-report.ts',
    summary: 'Freezes the closed year’s report (figures, members, survey) with the time it was taken; once.',
  },
  {
    consumer: 'send-invoice',
    event: InvoiceIssued,
    entry: 'functions/consumers/on-invoice-issued-send-invoice.ts',
    summary: 'Renders the invoice as PDF and e-mails it to the billing party’s invoice address.',
    sendsEmail: true,
  },
  {
    consumer: 'resend-invoice',
    event: InvoiceResendRequested,
    entry: 'functions/consumers/on-invoice-resend-requested-send-invoice.ts',
    summary:
      'Renders the invoice as issued (same number, OCR and address) and e-mails it again, once per request.',
    sendsEmail: true,
  },
  // Issue 16: the secretariat's messages to registrants.
  {
    consumer: 'send-meeting-message',
    event: MeetingMessageSent,
    entry: 'functions/consumers/on-meeting-message-sent-send-mail.ts',
    summary:
      'E-mails the stored message to each of its recipients, once per recipient, with Reply-To the principal’s contact address; skips those cancelled or erased since.',
    sendsEmail: true,
  },
  {
    consumer: 'promote-waiting-on-revision',
    event: MeetingRevised,
    entry: 'functions/consumers/on-meeting-revised-promote-waiting.ts',
    summary: 'When a revision added seats, gives them to the waiting list in arrival order.',
  },
] as const satisfies readonly Subscription[];

/** The name of a consumer in the table: a typo in a handler is a compile error. */
export type ConsumerName = (typeof subscriptions)[number]['consumer'];

/** The row of a consumer, with its event's definition typed. */
export type SubscriptionOf<N extends ConsumerName> = Extract<(typeof subscriptions)[number], { consumer: N }>;

/**
 * A consumer's row in the table. Handlers take their name and event from here, so the name that
 * keys their receipts is the one the rule, the function and the queue are named after.
 */
export const subscription = <N extends ConsumerName>(name: N): SubscriptionOf<N> => {
  const found = subscriptions.find((row) => row.consumer === name);
  if (!found) throw new Error(`No subscription ${name}`);
  return found as SubscriptionOf<N>;
};

/** The rows the statistics handler serves: one consumer (rule, queue, receipts) per counted event. */
export const countingSubscriptions: readonly Subscription[] = subscriptions.filter(
  (row) => row.entry === COUNT_STATISTICS_ENTRY,
);
