import { ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import { principalOn } from '../members/principal';
import type {
  AttendanceLog,
  Clock,
  IdGenerator,
  Mailer,
  MeetingCalendar,
  MeetingMessage,
  MemberRegistry,
  MessageAudience,
  MessageBook,
  NoticeLog,
  OutgoingMail,
  RegistrationBook,
  StoredRegistration,
} from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import type { Meeting } from './meeting';

/** Renders one recipient's copy of a message (formats/mail/meeting-message-mail.ts). */
export type MessageMailComposer = (
  recipient: Pick<StoredRegistration, 'email' | 'name' | 'language'>,
  meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime'>,
  message: Pick<MeetingMessage, 'subject' | 'text'>,
) => OutgoingMail;

/** What the secretariat writes. */
export interface MessageRequest {
  subject: string;
  text: string;
  audience: MessageAudience;
}

/**
 * Who an audience is, from a meeting's registrations (in the book's order) and who was present:
 * `confirmed` and `waitlisted` by status; `attended` everyone logged present on any day (walk-ins
 * too); `all` every confirmed or waiting registrant and everyone who attended. Cancelled
 * registrations are never written to.
 */
export const audienceOf = (
  registrations: readonly StoredRegistration[],
  present: ReadonlyArray<{ registrationId: string }>,
  audience: MessageAudience,
): StoredRegistration[] => {
  const attended = new Set(present.map((p) => p.registrationId));
  const active = (r: StoredRegistration) => r.status === 'confirmed' || r.status === 'waitlisted';
  const chosen: Record<MessageAudience, (r: StoredRegistration) => boolean> = {
    confirmed: (r) => r.status === 'confirmed',
    waitlisted: (r) => r.status === 'waitlisted',
    attended: (r) => r.status !== 'cancelled' && attended.has(r.id),
    all: (r) => active(r) || (r.status !== 'cancelled' && attended.has(r.id)),
  };
  return registrations.filter(chosen[audience]);
};

export interface SendMessagePorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attendance: Pick<AttendanceLog, 'attendees'>;
  messages: MessageBook;
  composeMessage: MessageMailComposer;
  clock: Clock;
  ids: IdGenerator;
}

export type MessageOutcome =
  | { preview: true; recipients: number; sample?: { subject: string; text: string; html: string } }
  | { preview: false; messageId: string; recipients: number };

/**
 * Writes to a meeting's registrants.
 * 1. The meeting must exist (404).
 * 2. The audience is taken now (`audienceOf`); nobody in it: 422 NO_RECIPIENTS.
 * 3. A preview renders the first recipient's copy and stores nothing, sends nothing.
 * 4. Otherwise the message (subject, text, audience, recipient ids, time) is stored with
 *    `MeetingMessageSent` (ids and counts only); a consumer mails each recipient once.
 */
export const sendMeetingMessage = async (
  ports: SendMessagePorts,
  meetingId: string,
  request: MessageRequest,
  options: { preview?: boolean } = {},
): Promise<MessageOutcome> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  const [registrations, present] = await Promise.all([
    ports.registrations.allRegistrations(meetingId),
    ports.attendance.attendees(meetingId),
  ]);
  const recipients = audienceOf(registrations, present, request.audience);
  if (options.preview) {
    const [first] = recipients;
    if (!first) return { preview: true, recipients: 0 };
    const { subject, text, html } = ports.composeMessage(first, meeting, request);
    return { preview: true, recipients: recipients.length, sample: { subject, text, html } };
  }
  if (recipients.length === 0) {
    throw new RuleViolationError(ErrorCode.NO_RECIPIENTS, 'Nobody in this audience to write to');
  }
  const message: MeetingMessage = {
    id: ports.ids.newId(),
    meetingId,
    subject: request.subject,
    text: request.text,
    audience: request.audience,
    recipientIds: recipients.map((r) => r.id),
    sentAt: ports.clock.now().toISOString(),
  };
  await ports.messages.record(message, {
    detailType: 'MeetingMessageSent',
    detail: {
      messageId: message.id,
      meetingId,
      audience: message.audience,
      recipients: message.recipientIds.length,
    },
  });
  return { preview: false, messageId: message.id, recipients: recipients.length };
};

/** A message as the history shows it: no recipients, only how many. */
export interface MessageSummary {
  messageId: string;
  subject: string;
  text: string;
  audience: MessageAudience;
  recipients: number;
  sentAt: string;
}

/** The messages of a meeting, newest first (404 when there is no such meeting). */
export const meetingMessages = async (
  ports: Pick<SendMessagePorts, 'meetings' | 'messages'>,
  meetingId: string,
): Promise<{ meetingId: string; messages: MessageSummary[] }> => {
  if (!(await ports.meetings.meeting(meetingId))) {
    throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  }
  const messages = await ports.messages.messagesOf(meetingId);
  return {
    meetingId,
    messages: messages.map((m) => ({
      messageId: m.id,
      subject: m.subject,
      text: m.text,
      audience: m.audience,
      recipients: m.recipientIds.length,
      sentAt: m.sentAt,
    })),
  };
};

export interface DeliverMessagePorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  messages: MessageBook;
  registry: Pick<MemberRegistry, 'principals'>;
  mailer: Mailer;
  notices: NoticeLog;
  composeMessage: MessageMailComposer;
  clock: Clock;
}

/**
 * Mails a stored message to each of its recipients, once each (a notice mark per message and
 * registration id, given back if the send fails), with Reply-To the contact address of the
 * principal running the network today. A recipient erased or cancelled since is skipped.
 */
export const deliverMeetingMessage = async (
  ports: DeliverMessagePorts,
  meetingId: string,
  messageId: string,
): Promise<number> => {
  const [message, meeting] = await Promise.all([
    ports.messages.message(meetingId, messageId),
    ports.meetings.meeting(meetingId),
  ]);
  if (!message || !meeting) return 0;
  const principal = principalOn(await ports.registry.principals(), stockholmDate(ports.clock.now()));
  let sent = 0;
  for (const registrationId of message.recipientIds) {
    const recipient = await ports.registrations.registration(meetingId, registrationId);
    if (!recipient || recipient.status === 'cancelled') continue;
    const key = `meeting-message#${messageId}#${registrationId}`;
    if (!(await ports.notices.mark(key))) continue;
    try {
      await ports.mailer.send({
        ...ports.composeMessage(recipient, meeting, message),
        ...(principal ? { replyTo: principal.senderEmail } : {}),
      });
      sent += 1;
    } catch (error) {
      await ports.notices.unmark(key);
      throw error;
    }
  }
  return sent;
};
