import type { PendingEvent, StoredEvent } from '../events/catalogue';
import type { FeeSchedule } from './fees/fee-schedule';
import type { BillingParty, Invoice, InvoiceDraft, NotInvoiced, Principal } from './invoicing/invoice';
import type { FocusGroup } from './meetings/focus-group';
import type { Meeting } from './meetings/meeting';
import type { Registration, RegistrationStatus, Role } from './meetings/registration';
import type { SeatCounters } from './meetings/seat-decision';
import type { Municipality } from './members/municipality';
import type { SurveyFigures, YearReport } from './statistics/year-report';

/** The time, passed in so that the domain stays deterministic. */
export interface Clock {
  now(): Date;
}

/** New unguessable ids (≥ 122 random bits). */
export interface IdGenerator {
  newId(): string;
}

/** The county's municipalities and their membership periods. */
export interface MemberDirectory {
  municipality(code: string): Promise<Municipality | undefined>;
}

/** Municipalities, billing parties and principals, as the secretariat maintains them. Every change has its event. */
export interface MemberRegistry extends MemberDirectory {
  municipalities(): Promise<Municipality[]>;
  saveMunicipality(municipality: Municipality, event: PendingEvent): Promise<void>;
  billingParty(id: string): Promise<BillingParty | undefined>;
  billingParties(): Promise<BillingParty[]>;
  saveBillingParty(party: BillingParty, event: PendingEvent): Promise<void>;
  principals(): Promise<Principal[]>;
  savePrincipal(principal: Principal, event: PendingEvent): Promise<void>;
}

/** One stored population figure: SCB population on 31 December of `year`. */
export interface StoredPopulation {
  readonly population: number;
  /** Where the figure came from, e.g. the uploaded file's name or "SCB BE0101N1". */
  readonly source: string;
}

/** Population figures by reference year. */
export interface PopulationRegister {
  /** All figures on 31 December of `year`, by municipality code. */
  figuresOf(year: number): Promise<Map<string, StoredPopulation>>;
  /**
   * Stores the figures that differ from what is stored, all years in one transaction with the
   * event that `eventFor` builds; stores nothing and emits nothing when nothing changed.
   */
  store(
    figures: ReadonlyArray<{ code: string; year: number; population: number }>,
    source: string,
    eventFor: (changed: { years: number[]; count: number }) => PendingEvent,
  ): Promise<{ changed: number; unchanged: number }>;
}

export interface FeeScheduleBook {
  schedule(year: number): Promise<FeeSchedule | undefined>;
  save(schedule: FeeSchedule, event: PendingEvent): Promise<void>;
}

/**
 * Years and their closing. `close` succeeds once per year.
 * @throws ConflictError `YEAR_ALREADY_CLOSED`
 */
export interface YearBook {
  close(year: number, closedAt: string, event: PendingEvent): Promise<void>;
  closedAt(year: number): Promise<string | undefined>;
}

/**
 * The principal's invoice series. `issue` gives a draft the next number of its principal's series
 * and stores it with its event atomically; numbers are never skipped or repeated, also under
 * concurrent calls. It is idempotent by `key`: issuing the same key again returns the invoice
 * issued the first time.
 */
export interface InvoiceLedger {
  issue(
    draft: InvoiceDraft,
    key: string,
    eventFor: (invoice: Invoice) => PendingEvent,
    options?: { marksCredited?: number },
  ): Promise<Invoice>;
  /**
   * Issues a run of invoices (a year's fee invoices) in the given order, numbered consecutively in
   * their principal's series, each key at most once: a draft whose key was issued before gets that
   * invoice back, nothing new. Equivalent to `issue` for each in turn, but written in batches, so
   * that a run of thousands fits in one invocation; the series stays gapless because a batch
   * commits whole or not at all.
   */
  issueRun(
    run: readonly { draft: InvoiceDraft; key: string }[],
    eventFor: (invoice: Invoice) => PendingEvent,
  ): Promise<Invoice[]>;
  invoice(number: number): Promise<Invoice | undefined>;
  invoicesOfFeeYear(feeYear: number): Promise<Invoice[]>;
  /** Records members left out of a fee run, each once, with its event. */
  recordNotInvoiced(
    feeYear: number,
    members: readonly NotInvoiced[],
    eventFor: (member: NotInvoiced) => PendingEvent,
  ): Promise<void>;
  notInvoiced(feeYear: number): Promise<NotInvoiced[]>;
}

export interface FocusGroupCatalogue {
  focusGroup(id: string): Promise<FocusGroup | undefined>;
  focusGroups(): Promise<FocusGroup[]>;
}

/** Focus groups as the secretariat maintains them; every change with its event. */
export interface FocusGroupRegistry extends FocusGroupCatalogue {
  saveWithEvent(group: FocusGroup, event: PendingEvent): Promise<void>;
}

/** Meetings. Each change is stored together with its event (the outbox). */
export interface MeetingCalendar {
  /** Stores a new meeting and its event atomically. */
  schedule(meeting: Meeting, event: PendingEvent): Promise<void>;
  meeting(id: string): Promise<Meeting | undefined>;
  /** Meetings whose last day is on or after `fromDate` (YYYY-MM-DD), soonest first. */
  upcoming(fromDate: string): Promise<Meeting[]>;
  /**
   * Marks a scheduled meeting cancelled (its revision + 1) with its event, atomically.
   * @throws RuleViolationError `MEETING_CANCELLED` when it is cancelled already
   */
  cancel(meeting: Meeting, event: PendingEvent): Promise<void>;
  /**
   * Stores a moved meeting (time, place, registration close, revision) with its event, atomically,
   * if it is still scheduled at `expectedRevision`. Seat counters are not touched.
   * @throws NotFoundError `MEETING_NOT_FOUND` when there is no such meeting
   * @throws RuleViolationError `MEETING_CANCELLED` when it was cancelled meanwhile
   * @throws ConflictError `MEETING_CHANGED` when it was changed meanwhile
   */
  reschedule(meeting: Meeting, expectedRevision: number, event: PendingEvent): Promise<void>;
  /**
   * Changes a scheduled meeting's content and capacity with its event, atomically; seat counters
   * stay. A capacity is stored only if no day has more seats taken.
   * @throws NotFoundError `MEETING_NOT_FOUND`
   * @throws RuleViolationError `MEETING_CANCELLED`, `CAPACITY_BELOW_SEATS`
   */
  revise(meetingId: string, content: MeetingContent, event: PendingEvent): Promise<void>;
}

/** What a revision of a meeting may change: its content and its seats per day. */
export interface MeetingContent {
  title?: string;
  programme?: string;
  speakers?: string[];
  partners?: string[];
  capacity?: number;
}

/**
 * The seats of meetings. `register` is where capacity is enforced: it takes a seat on every
 * chosen day if all have one free, otherwise it queues the registration, and it stores the
 * registration with the event that `eventFor` builds for the resulting status, atomically.
 * Never over capacity, also under concurrent calls.
 * @throws ConflictError `ALREADY_REGISTERED` for a second registration with the same e-mail (any case)
 * @throws RuleViolationError `REGISTRATION_CLOSED` when the meeting stopped taking registrations meanwhile
 */
export interface RegistrationBook {
  register(
    registration: Registration,
    eventFor: (status: RegistrationStatus) => PendingEvent,
    /**
     * The meeting's seat counters as the caller just read them. The book decides the place with
     * `decidePlace` (seat-decision.ts) from them, possibly stale: its writes guard the decision's
     * premises and decide again on fresh counters when they no longer hold.
     */
    seen?: SeatCounters,
  ): Promise<RegistrationStatus>;
  registration(meetingId: string, registrationId: string): Promise<StoredRegistration | undefined>;
  /**
   * Cancels a confirmed or waiting registration: frees its seats (or its place in the queue) and
   * lets the address register again, with the event, atomically. Returns the status it had;
   * undefined when there is no such registration. Cancelling twice is harmless.
   */
  cancel(
    meetingId: string,
    registrationId: string,
    eventFor: (previous: 'confirmed' | 'waitlisted') => PendingEvent,
  ): Promise<RegistrationStatus | 'cancelled' | undefined>;
  /** Every registration of a meeting that holds a seat or waits (not cancelled, not walk-ins). */
  activeRegistrations(meetingId: string): Promise<StoredRegistration[]>;
  /** The waiting registrations of a meeting in arrival order (the order in which the book accepted them). */
  waitingList(meetingId: string): Promise<StoredRegistration[]>;
  /**
   * Every registration of a meeting, whatever its status (cancelled and walk-ins too), waiting ones
   * in the order of {@link waitingList}. Read from the meeting's own partition, never a scan.
   */
  allRegistrations(meetingId: string): Promise<StoredRegistration[]>;
  /**
   * Gives a waiting registration a seat on its days if every one has one free, with the event,
   * atomically. False when it no longer waits or a day is full. A promotion by hand passes its
   * record, which is kept on the registration (erased with it), never in the event.
   */
  promote(
    meetingId: string,
    registrationId: string,
    event: PendingEvent,
    record?: PromotionRecord,
  ): Promise<boolean>;
}

/** Why and how the secretariat promoted someone by hand (free text: personal data at worst). */
export interface PromotionRecord {
  /** `by-choice`: this registration, wherever it stood; `in-order`: the first in the queue who fits. */
  readonly mode: 'by-choice' | 'in-order';
  readonly reason: string;
  /** ISO 8601 instant. */
  readonly at: string;
}

/** A registration as stored, with where it stands. */
export type StoredRegistration = Registration & {
  /** `walk-in`: came without registering; holds no seat and gets no confirmation. */
  status: RegistrationStatus | 'cancelled' | 'walk-in';
  cancelledAt?: string;
  /** Present when the secretariat gave the seat by hand. */
  promotion?: PromotionRecord;
};

/** An e-mail ready to send: one recipient, plain text and HTML. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where replies go, when not to the sender (the secretariat's contact address). */
  replyTo?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A file attached to an e-mail. */
export interface Attachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Sends mail that carries attachments (invoices). */
export interface AttachmentMailer {
  send(mail: OutgoingMail & { attachments: Attachment[] }): Promise<void>;
}

/** Renders an issued invoice as a PDF document. */
export interface InvoiceRenderer {
  render(invoice: Invoice): Promise<Uint8Array>;
}

/** What an e-mail link token lets its holder do; a token for one purpose is useless for another. */
export type LinkPurpose = 'cancel-registration' | 'evaluate-meeting' | 'confirm-subscription' | 'unsubscribe';

/**
 * The ids a link token stands for: a meeting and a registration, or for mailing-list links a
 * focus group (in `meetingId`) and a subscriber (in `registrationId`).
 */
export interface LinkSubject {
  meetingId: string;
  registrationId: string;
}

/**
 * How long a link works when its issuer names no end, in days from the day it is mailed.
 * - `cancel-registration`: 400 days, longer than any meeting is planned ahead (the meeting's
 *   start is the real limit, enforced by the use case with 422 MEETING_STARTED); reminders and
 *   notices of a move mail a fresh link anyway.
 * - `evaluate-meeting`: the use case names the end (30 days after the meeting ends); 30 is the fallback.
 * - `confirm-subscription`: 7 days; asking again mails a new link.
 * - `unsubscribe`: 400 days; every announcement carries a fresh one, and after a year of silence
 *   there is nothing to leave.
 */
export const LINK_LIFETIME_DAYS: Readonly<Record<LinkPurpose, number>> = {
  'cancel-registration': 400,
  'evaluate-meeting': 30,
  'confirm-subscription': 7,
  unsubscribe: 400,
};

/**
 * Unguessable tokens for links in e-mail. `issue` is deterministic for the same purpose, subject
 * and last day (a redelivered event mails the same link); `validUntil` names the last day the link
 * works (whole days, UTC), by default {@link LINK_LIFETIME_DAYS} from today. `verify` checks in
 * constant time and returns the subject, or undefined for anything forged, altered or issued for
 * another purpose; an authentic link past its last day throws RuleViolationError `LINK_EXPIRED`.
 */
export interface LinkTokens {
  issue(purpose: LinkPurpose, subject: LinkSubject, validUntil?: Date): Promise<string>;
  verify(purpose: LinkPurpose, token: string): Promise<LinkSubject | undefined>;
}

/**
 * Stable pseudonyms for statistics: the same address always gives the same key, and the key
 * cannot be turned back into the address without the system's secret. Lets the figures count
 * unique people across meetings without keeping who they are.
 */
export interface Pseudonyms {
  participantKey(email: string): Promise<string>;
  /**
   * The id of an address on the mailing lists: keyed too, because it travels in
   * `SubscriptionRequested` events, which outlive an erasure (64 hex digits).
   */
  subscriberKey(email: string): Promise<string>;
}

/** Someone present, as the statistics need them: ids and categories, no name or address. */
export interface Attendee {
  registrationId: string;
  walkIn: boolean;
  /** SCB code of their municipality; absent for a walk-in who did not say. */
  municipalityCode?: string;
  role: Role;
  participantKey: string;
}

/** Who was present at a meeting, per day. Each (registration, day) is logged once. */
export interface AttendanceLog {
  /** The registration an address registered with for the meeting, if any (cancelled ones are gone). */
  registrationByEmail(meetingId: string, email: string): Promise<StoredRegistration | undefined>;
  /** Logs presence with its event; false when it was logged already (nothing changes). */
  log(meetingId: string, day: string, attendee: Attendee): Promise<boolean>;
  /** Adds a walk-in (present, not registered) as a registration that holds no seat. */
  addWalkIn(registration: Registration): Promise<void>;
  attendees(meetingId: string): Promise<Array<{ registrationId: string; day: string; walkIn: boolean }>>;
}

/** Ratings of a meeting on the two questions, 1–6, and an optional comment. */
export interface EvaluationAnswer {
  satisfaction: number;
  usefulness: number;
  comment?: string;
}

/**
 * Evaluations. An answer is stored with no link to the person: a separate marker says only that
 * this registration has answered (so a link works once, and reminders reach those who have not).
 */
export interface EvaluationBook {
  /** Stores the anonymous answer and the marker atomically; 'already' when this person answered before. */
  answer(meetingId: string, registrationId: string, answer: EvaluationAnswer): Promise<'stored' | 'already'>;
  hasAnswered(meetingId: string, registrationId: string): Promise<boolean>;
  /** Marks that the evaluation link went out to this person; false if it had already. */
  markInvited(meetingId: string, registrationId: string): Promise<boolean>;
  /** Takes the mark back when sending failed, so that a retry sends. */
  unmarkInvited(meetingId: string, registrationId: string): Promise<void>;
  /** Who was sent the link, and when (ISO instant). */
  invitations(meetingId: string): Promise<Array<{ registrationId: string; invitedAt: string }>>;
  answers(meetingId: string): Promise<EvaluationAnswer[]>;
}

/** One address on a focus group's mailing list. Personal data: erasable by unsubscribing. */
export interface Subscriber {
  /** SHA-256 of the lower-cased address: the key, so the key itself is no address. */
  id: string;
  focusGroupId: string;
  email: string;
  language: 'sv' | 'en';
  status: 'pending' | 'active';
  requestedAt: string;
}

/** The mailing lists of focus groups (double opt-in). */
export interface MailingLists {
  /** Stores a pending subscription with its event; returns false when the address is already active. */
  request(subscriber: Subscriber): Promise<boolean>;
  subscriber(focusGroupId: string, id: string): Promise<Subscriber | undefined>;
  /** Makes a pending subscription active; false when there is none. */
  confirm(focusGroupId: string, id: string): Promise<boolean>;
  /** Deletes the address from the list (and so from the system). */
  remove(focusGroupId: string, id: string): Promise<void>;
  activeSubscribers(focusGroupId: string): Promise<Subscriber[]>;
  /** Marks that a meeting was announced to a subscriber; false if it had been. */
  markAnnounced(meetingId: string, subscriberId: string): Promise<boolean>;
  unmarkAnnounced(meetingId: string, subscriberId: string): Promise<void>;
}

/** Remembers which one-off notices went out, so that a retried run tells each person once. */
export interface NoticeLog {
  /** Takes the mark before sending; false when it was taken (sent) before. */
  mark(key: string): Promise<boolean>;
  /** Gives the mark back when sending failed. */
  unmark(key: string): Promise<void>;
}

/**
 * Timers that publish a domain event at a given time (reminders before a meeting, its end).
 * EventBridge Scheduler in AWS, the local scheduler locally. Delivery is at least once.
 */
export interface EventScheduler {
  /**
   * Creates the timer named `name`, or moves it if it exists, so that `event` is published once
   * at `at`. The published event's id is `<name>@<at>`: a timer that fires twice publishes the
   * same id, a moved timer a new one.
   */
  schedule(name: string, at: Date, event: PendingEvent): Promise<void>;
  /** Removes the timer; nothing happens when there is none. */
  cancel(name: string): Promise<void>;
}

/** Where a meeting belongs in the statistics: its year (of its first day), group and kind. */
export interface MeetingFacts {
  meetingId: string;
  title: string;
  focusGroupId: string;
  kind: 'physical' | 'digital';
  days: string[];
  status: 'scheduled' | 'cancelled';
}

/**
 * Named counters. Per meeting: `<slice>#<metric>` with slice `all`, `municipality:<code>` or
 * `role:<role>` and metric registrations, cancellations, seatsHeld, participations, personDays,
 * walkIns or attendedRegistered; and `satisfaction:<1-6>`, `usefulness:<1-6>`. Per year:
 * `unique#<slice>` with slice `all`, `group:<id>`, `kind:<kind>`, `municipality:<code>`, `role:<role>`.
 */
export type Counters = Record<string, number>;

/**
 * The running statistics, kept by consumers of the domain events. Every addition happens at most
 * once per key, so that redelivered events and retried consumers count nothing twice; reading a
 * year reads its meetings and one set of year counters, never the registrations.
 */
export interface StatisticsBook {
  /** Stores (or updates) a meeting's facts; its counters stay. */
  saveMeeting(facts: MeetingFacts): Promise<void>;
  /** Adds to a meeting's counters, once per key; false when the key was used before. */
  addOnce(key: string, meetingId: string, counters: Counters): Promise<boolean>;
  /** Adds to a year's counters, once per key; false when the key was used before. */
  addOnceToYear(key: string, year: number, counters: Counters): Promise<boolean>;
  /** The meetings of a year (by their first day) with their counters, and the year's counters. */
  yearFigures(
    year: number,
  ): Promise<{ meetings: Array<MeetingFacts & { counters: Counters }>; year: Counters }>;
  /** Forgets the counters of these meetings and of the year, with their keys (before a rebuild). */
  clear(year: number, meetingIds: readonly string[]): Promise<void>;
}

/**
 * Domain events that record a request and change no other state (a resend, a restore): the
 * outbox alone, published by the stream like every other event.
 */
export interface EventOutbox {
  /**
   * Stores the events and returns their ids, in order. Written in transactions of at most 100
   * events: a batch commits whole or not at all, but a failure after the first batch leaves the
   * earlier ones stored (callers publish requests whose consumers are idempotent, so asking again
   * is harmless).
   */
  publish(events: readonly PendingEvent[]): Promise<string[]>;
}

/** The stored domain events, for rebuilding figures from them. */
export interface EventStore {
  /** Events that occurred in `year` (UTC), oldest first. */
  eventsOfYear(year: number): Promise<StoredEvent[]>;
}

/** The December surveys and the frozen year reports. */
export interface ReportArchive {
  saveSurvey(survey: SurveyFigures, event: PendingEvent): Promise<void>;
  surveys(): Promise<SurveyFigures[]>;
  /** Stores a year's frozen report, once; false when it was frozen before (the first stays). */
  freeze(report: YearReport): Promise<boolean>;
  frozen(year: number): Promise<YearReport | undefined>;
}

/** Who a message to a meeting's registrants goes to. */
export type MessageAudience = 'confirmed' | 'waitlisted' | 'attended' | 'all';

/**
 * A message the secretariat sent to a meeting's registrants. Holds the recipients' registration
 * ids (so a redelivery mails the same people), never their addresses.
 */
export interface MeetingMessage {
  readonly id: string;
  readonly meetingId: string;
  readonly subject: string;
  readonly text: string;
  readonly audience: MessageAudience;
  readonly recipientIds: readonly string[];
  /** ISO 8601 instant. */
  readonly sentAt: string;
}

/** The messages of meetings, each stored with its event. */
export interface MessageBook {
  record(message: MeetingMessage, event: PendingEvent): Promise<void>;
  message(meetingId: string, messageId: string): Promise<MeetingMessage | undefined>;
  /** A meeting's messages, newest first. */
  messagesOf(meetingId: string): Promise<MeetingMessage[]>;
}
