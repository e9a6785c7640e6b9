import { ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import type { MeetingCalendar, MeetingContent } from '../ports';
import { seatDays } from './meeting';

type Field = 'title' | 'programme' | 'speakers' | 'partners' | 'capacity';
const FIELDS: readonly Field[] = ['title', 'programme', 'speakers', 'partners', 'capacity'];

/**
 * Changes what a meeting is: title, programme, speakers, partners, seats per day. Its days, times,
 * venue and link move with `rescheduleMeeting` (they are what registrants are told about).
 * 1. The meeting must exist (404) and be scheduled (422 MEETING_CANCELLED).
 * 2. A capacity below the seats taken on a day is refused (422 CAPACITY_BELOW_SEATS): nobody
 *    loses a seat they hold; the book guards the same condition when it writes.
 * 3. Fields equal to what is stored are no change; nothing changed stores nothing.
 * 4. The changes are stored with `MeetingRevised`; more seats let the waiting list move up
 *    (the promotion consumer of that event).
 */
export const reviseMeeting = async (
  ports: { meetings: MeetingCalendar },
  meetingId: string,
  content: MeetingContent,
): Promise<{ id: string; changed: Field[] }> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  if (meeting.status !== 'scheduled') {
    throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled');
  }
  if (
    content.capacity !== undefined &&
    seatDays(meeting).some((day) => (meeting.seatsTaken[day] ?? 0) > (content.capacity as number))
  ) {
    throw new RuleViolationError(
      ErrorCode.CAPACITY_BELOW_SEATS,
      'A day has more seats taken than the new capacity; cancel registrations first',
    );
  }
  const changed = FIELDS.filter(
    (field) =>
      content[field] !== undefined &&
      JSON.stringify(content[field]) !== JSON.stringify(meeting[field] ?? undefined),
  );
  if (changed.length === 0) return { id: meetingId, changed };
  const changes = Object.fromEntries(changed.map((field) => [field, content[field]])) as MeetingContent;
  await ports.meetings.revise(meetingId, changes, {
    detailType: 'MeetingRevised',
    detail: { meetingId, fields: changed, capacity: changes.capacity ?? meeting.capacity },
  });
  return { id: meetingId, changed };
};
