import { ConflictError, NotFoundError, RuleViolationError } from '../errors';
import { evaluationInvitationMail } from '../mail/templates';
import type { Meeting } from '../meetings/meeting';
import type {
  AttendanceLog,
  Clock,
  EvaluationAnswer,
  EvaluationBook,
  LinkTokens,
  Mailer,
  MeetingCalendar,
  RegistrationBook,
} from '../ports';
import { stockholmInstant } from '../shared/stockholm-time';

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
  if (!subject) throw new NotFoundError('EVALUATION_NOT_FOUND', 'No such evaluation');
  const [meeting, registration, present] = await Promise.all([
    ports.meetings.meeting(subject.meetingId),
    ports.registrations.registration(subject.meetingId, subject.registrationId),
    ports.attendance.attendees(subject.meetingId),
  ]);
  // Only attendees may evaluate: the same 404 for anyone else, erased or never there.
  if (!meeting || !registration || !present.some((p) => p.registrationId === registration.id)) {
    throw new NotFoundError('EVALUATION_NOT_FOUND', 'No such evaluation');
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
    throw new RuleViolationError('MEETING_NOT_ENDED', 'The meeting has not ended yet');
  }
  const outcome = await ports.evaluations.answer(meeting.id, registration.id, answer);
  if (outcome === 'already') throw new ConflictError('ALREADY_ANSWERED', 'This evaluation has been answered');
  return { status: 'stored' };
};

/**
 * E-mails an attendee their evaluation link, once per meeting, when the meeting is over.
 * Returns 'not-ended' for attendance logged before the end (the end-of-meeting trigger that will
 * reach those comes with the scheduler), 'skipped' when already sent or the person is gone.
 */
export const sendEvaluationInvitation = async (
  ports: EvaluationPorts & { mailer: Mailer; siteUrl: string },
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
    const token = await ports.linkTokens.issue('evaluate-meeting', {
      meetingId: meeting.id,
      registrationId: registration.id,
    });
    const url = `${ports.siteUrl.replace(/\/$/, '')}/evaluate?token=${encodeURIComponent(token)}`;
    await ports.mailer.send(evaluationInvitationMail(registration, meeting, url));
  } catch (error) {
    await ports.evaluations.unmarkInvited(meeting.id, registration.id);
    throw error;
  }
  return 'sent';
};
