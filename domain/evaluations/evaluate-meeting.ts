import { ConflictError, ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import type { Meeting } from '../meetings/meeting';
import type {
  AttendanceLog,
  Clock,
  EvaluationAnswer,
  EvaluationBook,
  EventScheduler,
  LinkTokens,
  Mailer,
  MeetingCalendar,
  NoticeLog,
  RegistrationBook,
} from '../ports';
import type { MailComposer } from '../rendering-ports';
import { stockholmDate, stockholmInstant } from '../shared/stockholm-time';

export interface EvaluationPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attendance: AttendanceLog;
  evaluations: EvaluationBook;
  linkTokens: LinkTokens;
  clock: Clock;
}

/** The two questions, as the network's annual report asks them (scale 1–6). */
export const EVALUATION_QUESTIONS = [
  {
    id: 'satisfaction',
    text: { sv: 'Hur nöjd är du med mötet?', en: 'How satisfied are you with the meeting?' },
    scale: {
      min: 1,
      max: 6,
      minLabel: { sv: 'Inte alls nöjd', en: 'Not at all' },
      maxLabel: { sv: 'Mycket nöjd', en: 'Very' },
    },
  },
  {
    id: 'usefulness',
    text: {
      sv: 'Kommer mötet att vara till nytta för dig i ditt arbete?',
      en: 'Will the meeting be useful in your work?',
    },
    scale: {
      min: 1,
      max: 6,
      minLabel: { sv: 'Ingen nytta', en: 'Not useful' },
      maxLabel: { sv: 'Stor nytta', en: 'Very useful' },
    },
  },
] as const;

/** When the meeting is over: the end time of its last day, Stockholm. */
export const meetingEnd = (meeting: Pick<Meeting, 'days' | 'endTime'>): Date =>
  stockholmInstant(meeting.days[meeting.days.length - 1] as string, meeting.endTime);

const attendeeOf = async (ports: EvaluationPorts, token: string) => {
  const subject = await ports.linkTokens.verify('evaluate-meeting', token);
  if (!subject) throw new NotFoundError(ErrorCode.EVALUATION_NOT_FOUND, 'No such evaluation');
  const [meeting, registration, present] = await Promise.all([
    ports.meetings.meeting(subject.meetingId),
    ports.registrations.registration(subject.meetingId, subject.registrationId),
    ports.attendance.attendees(subject.meetingId),
  ]);
  // Only attendees may evaluate: the same 404 for anyone else, erased or never there.
  if (!meeting || !registration || !present.some((p) => p.registrationId === registration.id)) {
    throw new NotFoundError(ErrorCode.EVALUATION_NOT_FOUND, 'No such evaluation');
  }
  return { meeting, registration };
};

/** `GET /api/evaluations/{token}`: the meeting's title, the questions, and whether it is answered. */
export const showEvaluation = async (ports: EvaluationPorts, token: string) => {
  const { meeting, registration } = await attendeeOf(ports, token);
  return {
    meeting: { title: meeting.title, days: [...meeting.days] },
    questions: EVALUATION_QUESTIONS,
    answered: await ports.evaluations.hasAnswered(meeting.id, registration.id),
  };
};

/**
 * Stores an attendee's evaluation, anonymously and once.
 * 1. The token must be an evaluation token of someone who attended (404 otherwise).
 * 2. The meeting must be over (422 MEETING_NOT_ENDED).
 * 3. The answer is stored without the person; a second answer is 409 ALREADY_ANSWERED.
 */
export const submitEvaluation = async (
  ports: EvaluationPorts,
  token: string,
  answer: EvaluationAnswer,
): Promise<{ status: 'stored' }> => {
  const { meeting, registration } = await attendeeOf(ports, token);
  if (ports.clock.now().getTime() < meetingEnd(meeting).getTime()) {
    throw new RuleViolationError(ErrorCode.MEETING_NOT_ENDED, 'The meeting has not ended yet');
  }
  const outcome = await ports.evaluations.answer(meeting.id, registration.id, answer);
  if (outcome === 'already')
    throw new ConflictError(ErrorCode.ALREADY_ANSWERED, 'This evaluation has been answered');
  return { status: 'stored' };
};

/**
 * E-mails an attendee their evaluation link, once per meeting, when the meeting is over.
 * Returns 'not-ended' for attendance logged before the end (the meeting's end timer reaches
 * those), 'skipped' when already sent or the person is gone.
 */
export const sendEvaluationInvitation = async (
  ports: EvaluationPorts & {
    mailer: Mailer;
    siteUrl: string;
    composer: Pick<MailComposer, 'evaluationInvitation'>;
  },
  detail: { meetingId: string; registrationId: string },
): Promise<'sent' | 'skipped' | 'not-ended'> => {
  const [meeting, registration] = await Promise.all([
    ports.meetings.meeting(detail.meetingId),
    ports.registrations.registration(detail.meetingId, detail.registrationId),
  ]);
  if (!meeting || !registration || registration.status === 'cancelled') return 'skipped';
  if (ports.clock.now().getTime() < meetingEnd(meeting).getTime()) return 'not-ended';
  if (!(await ports.evaluations.markInvited(meeting.id, registration.id))) return 'skipped';
  try {
    await ports.mailer.send(
      ports.composer.evaluationInvitation(
        registration,
        meeting,
        await evaluateUrl(ports, meeting, registration.id),
      ),
    );
  } catch (error) {
    await ports.evaluations.unmarkInvited(meeting.id, registration.id);
    throw error;
  }
  return 'sent';
};

/** An evaluation link works this long after the meeting's end: the invitation, the reminder three days later, and time to spare. */
export const EVALUATION_LINK_DAYS = 30;

const evaluateUrl = async (
  ports: Pick<EvaluationPorts, 'linkTokens'> & { siteUrl: string },
  meeting: Pick<Meeting, 'id' | 'days' | 'endTime'>,
  registrationId: string,
): Promise<string> => {
  // From the meeting, not from today: the invitation and its reminder carry the same link.
  const validUntil = new Date(meetingEnd(meeting).getTime() + EVALUATION_LINK_DAYS * 86_400_000);
  const token = await ports.linkTokens.issue(
    'evaluate-meeting',
    { meetingId: meeting.id, registrationId },
    validUntil,
  );
  return `${ports.siteUrl.replace(/\/$/, '')}/evaluate?token=${encodeURIComponent(token)}`;
};

/** Those who have not answered are reminded once, this long after their link went out. */
export const EVALUATION_REMINDER_DELAY_MS = 3 * 24 * 60 * 60 * 1000;

/** One reminder timer per meeting and Stockholm day on which links went out. */
export const evaluationReminderTimer = (meetingId: string, invitedOn: string): string =>
  `${meetingId}-evaluation-${invitedOn.replaceAll('-', '')}`;

export type InvitePorts = EvaluationPorts & {
  mailer: Mailer;
  siteUrl: string;
  timers: EventScheduler;
  /** The invitation mail (formats/mail/). */
  composer: Pick<MailComposer, 'evaluationInvitation'>;
};

/**
 * Sends the evaluation link to these attendees (each once) and, if any went out, sets the reminder
 * timer of today's links three days ahead. Links sent later the same day move that timer, so that
 * it fires three days after the last of them: nobody is reminded before three days have passed.
 */
export const inviteToEvaluate = async (
  ports: InvitePorts,
  meetingId: string,
  registrationIds: readonly string[],
): Promise<{ sent: number; notEnded: number }> => {
  let sent = 0;
  let notEnded = 0;
  for (const registrationId of registrationIds) {
    const outcome = await sendEvaluationInvitation(ports, { meetingId, registrationId });
    if (outcome === 'sent') sent += 1;
    if (outcome === 'not-ended') notEnded += 1;
  }
  if (sent > 0) {
    const now = ports.clock.now();
    await setEvaluationReminder(ports.timers, meetingId, stockholmDate(now), now);
  }
  return { sent, notEnded };
};

/**
 * Sets (or moves) the reminder timer of the links that went out on `invitedOn` (a Stockholm day)
 * to three days after `lastSentAt`, the last of them. Used when links go out, and to set the
 * timers again from the stored invitations after a hand-over (domain/meetings/restore-meeting-timers.ts).
 */
export const setEvaluationReminder = (
  timers: EventScheduler,
  meetingId: string,
  invitedOn: string,
  lastSentAt: Date,
): Promise<void> =>
  timers.schedule(evaluationReminderTimer(meetingId, invitedOn), evaluationReminderAt(lastSentAt), {
    detailType: 'EvaluationReminderTimeReached',
    detail: { meetingId, invitedOn },
  });

/** When the reminder of links sent until `lastSentAt` goes out. */
export const evaluationReminderAt = (lastSentAt: Date): Date =>
  new Date(lastSentAt.getTime() + EVALUATION_REMINDER_DELAY_MS);

/**
 * At the end of a meeting: everyone whose attendance was logged before the end gets their link.
 * A timer set for another end (the meeting moved) or a cancelled meeting does nothing.
 */
export const inviteAttendeesAtEnd = async (
  ports: InvitePorts,
  detail: { meetingId: string; endsAt: string },
): Promise<{ sent: number; stale?: true }> => {
  const meeting = await ports.meetings.meeting(detail.meetingId);
  if (meeting?.status !== 'scheduled' || meetingEnd(meeting).toISOString() !== detail.endsAt) {
    return { sent: 0, stale: true };
  }
  const attendees = [...new Set((await ports.attendance.attendees(meeting.id)).map((a) => a.registrationId))];
  const { sent } = await inviteToEvaluate(ports, meeting.id, attendees);
  return { sent };
};

/**
 * Three days after links went out on `invitedOn`: one reminder to each of those attendees who has
 * not answered. Only the answered marker is read — the answers themselves stay unlinked to people.
 * Each person is reminded at most once per meeting (a notice mark).
 */
export const remindEvaluations = async (
  ports: EvaluationPorts & {
    mailer: Mailer;
    siteUrl: string;
    notices: NoticeLog;
    composer: Pick<MailComposer, 'evaluationInvitation'>;
  },
  detail: { meetingId: string; invitedOn: string },
): Promise<{ sent: number }> => {
  const meeting = await ports.meetings.meeting(detail.meetingId);
  if (!meeting) return { sent: 0 };
  let sent = 0;
  for (const invitation of await ports.evaluations.invitations(meeting.id)) {
    if (stockholmDate(new Date(invitation.invitedAt)) !== detail.invitedOn) continue;
    if (await ports.evaluations.hasAnswered(meeting.id, invitation.registrationId)) continue;
    const registration = await ports.registrations.registration(meeting.id, invitation.registrationId);
    if (!registration || registration.status === 'cancelled') continue;
    const key = `evaluation-reminder#${meeting.id}#${registration.id}`;
    if (!(await ports.notices.mark(key))) continue;
    try {
      const url = await evaluateUrl(ports, meeting, registration.id);
      await ports.mailer.send(ports.composer.evaluationInvitation(registration, meeting, url, true));
      sent += 1;
    } catch (error) {
      await ports.notices.unmark(key);
      throw error;
    }
  }
  return { sent };
};
