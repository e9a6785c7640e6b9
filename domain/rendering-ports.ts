/**
 * Ports to the formats ring (`formats/`): what the use cases need rendered or read, shaped by
 * the domain. The domain decides who gets which mail and when; how a mail, a calendar entry or
 * an uploaded file looks is the formats ring's business, injected by the handlers in
 * `functions/`. Keeping these as types here lets `domain/` import nothing from `formats/`.
 */
import type { Issue } from './errors';
import type { Invoice } from './invoicing/invoice';
import type { Meeting } from './meetings/meeting';
import type { Language, Registration, RegistrationStatus } from './meetings/registration';
import type { OutgoingMail } from './ports';

/** The meeting facts a registrant's mail shows. */
export type MailMeeting = Pick<
  Meeting,
  'title' | 'days' | 'scheduledDays' | 'startTime' | 'endTime' | 'venue' | 'onlineUrl'
>;
/** The registrant facts a registrant's mail needs: address, name, language and chosen days. */
export type MailRegistration = Pick<Registration, 'email' | 'name' | 'language' | 'days'>;

/** An invoice mail before the PDF is attached: the adapter renders the PDF under `attachmentName`. */
export interface InvoiceMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachmentName: string;
}

/** Composes every mail the use cases send, in the recipient's language. */
export interface MailComposer {
  /** Confirmation, waiting-list notice or promotion notice of one registration. */
  registrationConfirmation(
    registration: MailRegistration,
    meeting: MailMeeting,
    status: RegistrationStatus | 'promoted',
    extras?: { cancelUrl?: string; queuePosition?: number },
  ): OutgoingMail;
  /** The meeting has moved, for someone with a seat or in the queue. */
  meetingRescheduled(
    registration: MailRegistration,
    meeting: MailMeeting,
    standing: 'confirmed' | 'waitlisted',
    cancelUrl: string,
  ): OutgoingMail;
  /** The reminder `daysBefore` days before the meeting. */
  meetingReminder(
    registration: MailRegistration,
    meeting: MailMeeting,
    daysBefore: number,
    cancelUrl: string,
  ): OutgoingMail;
  /** The invitation (or its reminder) to evaluate a meeting. */
  evaluationInvitation(
    registration: Pick<Registration, 'email' | 'name' | 'language'>,
    meeting: Pick<Meeting, 'title'>,
    evaluateUrl: string,
    reminder?: boolean,
  ): OutgoingMail;
  /** Double opt-in: the confirmation link of a mailing-list subscription. */
  subscriptionConfirmation(
    to: string,
    language: Language,
    groupName: string,
    confirmUrl: string,
  ): OutgoingMail;
  /** A new meeting, announced to a focus group's list. */
  meetingAnnouncement(
    to: string,
    language: Language,
    groupName: string,
    meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime' | 'venue' | 'onlineUrl'>,
    meetingUrl: string,
    unsubscribeUrl: string,
  ): OutgoingMail;
  /** The meeting is cancelled. */
  meetingCancelled(
    registration: Pick<Registration, 'email' | 'name' | 'language'>,
    meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime'>,
  ): OutgoingMail;
  /** Subject, texts and PDF file name of an invoice or credit note. */
  invoice(invoice: Invoice): InvoiceMail;
}

/** One version of a meeting's calendar entry. */
export interface CalendarInvite {
  method: 'REQUEST' | 'CANCEL';
  /** Stable per meeting (see {@link CalendarWriter.uid}): the same UID across reschedules so calendars update the event. */
  uid: string;
  /** Incremented on each change (a reschedule has a higher sequence; a CANCEL carries the latest + 1). */
  sequence: number;
  /** When this version was produced (ISO 8601 instant), for DTSTAMP. */
  stamp: string;
  title: string;
  description?: string;
  /** The venue, or the online link for digital meetings. */
  location?: string;
  /** The online link. */
  url?: string;
  /**
   * Consecutive dates (YYYY-MM-DD), ascending: the meeting's days, or those the attendee chose.
   * Several days become one entry that repeats daily.
   */
  days: readonly string[];
  /** HH:MM, Europe/Stockholm, the same on every day. */
  startTime: string;
  endTime: string;
  organizer: { name: string; email: string };
  attendee?: { email: string; name?: string };
}

/** Writes calendar invitations (iCalendar in formats/calendar/). */
export interface CalendarWriter {
  /** The entry's identity for a meeting; it must never change for the meeting. */
  uid(meetingId: string, domain: string): string;
  /** The invitation document (REQUEST or CANCEL). */
  invite(invite: CalendarInvite): string;
}

/** The population of one municipality on 31 December of one year. */
export interface PopulationFigure {
  /** SCB's 4-digit municipality code, e.g. `1480`. */
  code: string;
  year: number;
  population: number;
  /** YYYY-12-31 */
  referenceDate: string;
}

/** An uploaded population file as read: every figure, or every problem found. */
export type PopulationFile =
  | { ok: true; figures: PopulationFigure[]; layout: 'scb' | 'plain'; encoding: 'utf-8' | 'latin-1' }
  | { ok: false; issues: Issue[] };

/** Reads an uploaded population file (SCB's export or `code,year,population`). */
export type PopulationFileReader = (bytes: Uint8Array) => PopulationFile;
