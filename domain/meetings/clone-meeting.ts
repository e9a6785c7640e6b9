import { ErrorCode, NotFoundError } from '../errors';
import type { MeetingPlan } from './meeting';
import { type ScheduleMeetingPorts, scheduleMeeting } from './schedule-meeting';

/**
 * Schedules a new meeting with the content of another on new days.
 * 1. The source meeting must exist (404); cancelled ones may be cloned too (held again).
 * 2. Its title, group, kind, times, venue or link, capacity, programme, speakers and partners
 *    make the plan; registration closes by the default for the new first day.
 * 3. `scheduleMeeting` does the rest, with every rule a new meeting meets (days, group).
 */
export const cloneMeeting = async (
  ports: ScheduleMeetingPorts,
  meetingId: string,
  days: string[],
): Promise<{ id: string }> => {
  const source = await ports.meetings.meeting(meetingId);
  if (!source) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  const plan: MeetingPlan = {
    title: source.title,
    focusGroupId: source.focusGroupId,
    kind: source.kind,
    days,
    startTime: source.startTime,
    endTime: source.endTime,
    ...(source.venue ? { venue: source.venue } : {}),
    ...(source.onlineUrl ? { onlineUrl: source.onlineUrl } : {}),
    capacity: source.capacity,
    ...(source.programme ? { programme: source.programme } : {}),
    ...(source.speakers?.length ? { speakers: [...source.speakers] } : {}),
    ...(source.partners?.length ? { partners: [...source.partners] } : {}),
  };
  return scheduleMeeting(ports, plan);
};
