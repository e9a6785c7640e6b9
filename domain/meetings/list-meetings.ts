import { ErrorCode, NotFoundError } from '../errors';
import type { Clock, FocusGroupCatalogue, MeetingCalendar } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { type Meeting, type MeetingView, meetingView } from './meeting';

export interface ListMeetingsPorts {
  meetings: MeetingCalendar;
  focusGroups: FocusGroupCatalogue;
  clock: Clock;
}

const groupNames = async (ports: ListMeetingsPorts): Promise<Map<string, string>> =>
  new Map((await ports.focusGroups.focusGroups()).map((group) => [group.id, group.name.sv]));

const view = (meeting: Meeting, names: Map<string, string>, now: Date): MeetingView =>
  meetingView(meeting, names.get(meeting.focusGroupId) ?? meeting.focusGroupId, now);

/** Upcoming scheduled meetings (last day today or later, Stockholm), soonest first. */
export const listUpcomingMeetings = async (ports: ListMeetingsPorts): Promise<MeetingView[]> => {
  const now = ports.clock.now();
  const [meetings, names] = await Promise.all([
    ports.meetings.upcoming(stockholmDate(now)),
    groupNames(ports),
  ]);
  return meetings
    .filter((meeting) => meeting.status === 'scheduled')
    .sort(
      (a, b) => (a.days[0] ?? '').localeCompare(b.days[0] ?? '') || a.startTime.localeCompare(b.startTime),
    )
    .map((meeting) => view(meeting, names, now));
};

/** One meeting, or 404 MEETING_NOT_FOUND. */
export const showMeeting = async (ports: ListMeetingsPorts, id: string): Promise<MeetingView> => {
  const meeting = await ports.meetings.meeting(id);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  return view(meeting, await groupNames(ports), ports.clock.now());
};
