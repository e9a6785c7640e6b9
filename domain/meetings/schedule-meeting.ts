import { ErrorCode, NotFoundError } from '../errors';
import type { Clock, FocusGroupCatalogue, IdGenerator, MeetingCalendar } from '../ports';
import { assertStartsAhead, type MeetingPlan, planMeeting } from './meeting';

export interface ScheduleMeetingPorts {
  focusGroups: FocusGroupCatalogue;
  meetings: MeetingCalendar;
  ids: IdGenerator;
  clock: Clock;
}

/**
 * Schedules a meeting.
 * 1. The focus group must exist and not be retired.
 * 2. The plan must satisfy the meeting invariants (400), and the meeting start ahead of the
 *    clock (422 MEETING_IN_PAST: a day before today, or today at a time that has passed).
 * 3. The meeting and `MeetingScheduled` are stored together.
 */
export const scheduleMeeting = async (
  ports: ScheduleMeetingPorts,
  plan: MeetingPlan,
): Promise<{ id: string }> => {
  const group = await ports.focusGroups.focusGroup(plan.focusGroupId);
  if (!group || group.retired) {
    throw new NotFoundError(ErrorCode.FOCUS_GROUP_NOT_FOUND, `No active focus group '${plan.focusGroupId}'`);
  }
  const meeting = planMeeting(plan, ports.ids.newId());
  assertStartsAhead(meeting, ports.clock.now());
  await ports.meetings.schedule(meeting, {
    detailType: 'MeetingScheduled',
    detail: {
      meetingId: meeting.id,
      focusGroupId: meeting.focusGroupId,
      kind: meeting.kind,
      days: [...meeting.days],
      capacity: meeting.capacity,
    },
  });
  return { id: meeting.id };
};
