import type { z } from 'zod';
import { AttendanceLogged } from './attendance-logged';
import { BillingPartySaved } from './billing-party-saved';
import type { EventDefinition, EventRecord } from './define-event';
import { EvaluationReminderTimeReached } from './evaluation-reminder-time-reached';
import { EvaluationSubmitted } from './evaluation-submitted';
import { FeeScheduleSet } from './fee-schedule-set';
import { FocusGroupSaved } from './focus-group-saved';
import { InvoiceIssued } from './invoice-issued';
import { InvoiceResendRequested } from './invoice-resend-requested';
import { MeetingCancelled } from './meeting-cancelled';
import { MeetingEnded } from './meeting-ended';
// Issue 16
import { MeetingMessageSent } from './meeting-message-sent';
import { MeetingRescheduled } from './meeting-rescheduled';
import { MeetingRevised } from './meeting-revised';
import { MeetingScheduled } from './meeting-scheduled';
import { MeetingTimersRestoreRequested } from './meeting-timers-restore-requested';
import { MemberNotInvoiced } from './member-not-invoiced';
import { MunicipalitySaved } from './municipality-saved';
import { PersonErased } from './person-erased';
import { PersonalDataPurged } from './personal-data-purged';
import { PopulationImported } from './population-imported';
import { PrincipalSaved } from './principal-saved';
import { RegistrationCancelled } from './registration-cancelled';
import { RegistrationPromoted } from './registration-promoted';
import { RegistrationReceived } from './registration-received';
import { ReminderTimeReached } from './reminder-time-reached';
import { SubscriptionRequested } from './subscription-requested';
import { SurveyRecorded } from './survey-recorded';
import { YearClosed } from './year-closed';
import { YearReportFrozen } from './year-report-frozen';

/** Every domain event, keyed by detail type. Add new events here and nowhere else. */
export const eventCatalogue = {
  MeetingScheduled,
  MeetingRescheduled,
  MeetingCancelled,
  FocusGroupSaved,
  SubscriptionRequested,
  RegistrationReceived,
  RegistrationCancelled,
  RegistrationPromoted,
  AttendanceLogged,
  EvaluationSubmitted,
  ReminderTimeReached,
  MeetingEnded,
  EvaluationReminderTimeReached,
  MeetingTimersRestoreRequested,
  MunicipalitySaved,
  BillingPartySaved,
  PrincipalSaved,
  PopulationImported,
  FeeScheduleSet,
  YearClosed,
  SurveyRecorded,
  YearReportFrozen,
  InvoiceIssued,
  InvoiceResendRequested,
  MemberNotInvoiced,
  PersonErased,
  PersonalDataPurged,
  // Issue 16: the secretariat's messages to registrants.
  MeetingMessageSent,
  MeetingRevised,
} as const;

export type EventCatalogue = typeof eventCatalogue;
export type DetailType = keyof EventCatalogue;
export type DetailOf<K extends DetailType> = z.infer<EventCatalogue[K]['detail']>;

/** An event a use case wants published, before the outbox gives it an id and a time. */
export type PendingEvent = { [K in DetailType]: { detailType: K; detail: DetailOf<K> } }[DetailType];

export const allEvents: readonly EventDefinition[] = Object.values(eventCatalogue);

/** A stored event of one type, its detail typed by that type's definition. */
export type StoredEventOf<K extends DetailType> = EventRecord<K, DetailOf<K>>;

/**
 * Any stored event: a union discriminated by `detailType`, so a `switch` on it narrows the
 * detail without a cast.
 */
export type StoredEvent = { [K in DetailType]: StoredEventOf<K> }[DetailType];

export const eventDefinition = (detailType: string): EventDefinition | undefined =>
  (eventCatalogue as Record<string, EventDefinition>)[detailType];
