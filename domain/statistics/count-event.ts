import type { DetailOf, StoredEvent } from '../../events/catalogue';
import type { Meeting } from '../meetings/meeting';
import type { Counters, MeetingCalendar, MeetingFacts, StatisticsBook } from '../ports';

export interface CountingPorts {
  statistics: StatisticsBook;
  meetings: MeetingCalendar;
}

/** The year a meeting belongs to: the year of its first day. */
export const meetingYear = (days: readonly string[]): number => Number((days[0] ?? '').slice(0, 4));

export const factsOf = (meeting: Meeting): MeetingFacts => ({
  meetingId: meeting.id,
  title: meeting.title,
  focusGroupId: meeting.focusGroupId,
  kind: meeting.kind,
  days: [...meeting.days],
  status: meeting.status,
});

/** The slices a registration or participation is counted in: all, its municipality, its role. */
const slices = (municipalityCode: string | undefined, role: string): string[] => [
  'all',
  `municipality:${municipalityCode ?? 'unknown'}`,
  `role:${role}`,
];

const inSlices = (
  municipalityCode: string | undefined,
  role: string,
  metrics: Record<string, number>,
): Counters => {
  const counters: Counters = {};
  for (const slice of slices(municipalityCode, role))
    for (const [metric, amount] of Object.entries(metrics))
      if (amount !== 0) counters[`${slice}#${metric}`] = amount;
  return counters;
};

/**
 * Counts one domain event into the running statistics (the consumers call this; a rebuild calls
 * it for every stored event). Safe under redelivery and in any order:
 * - meeting events store the meeting's facts as the calendar has them now (not as the event
 *   said), so a late event cannot move a meeting back;
 * - registration and evaluation events add their counters once per event id;
 * - attendance counts a person once per meeting (`participations`: a two-day meeting counts
 *   once) and once per day (`personDays`), and once per year in each slice of distinct people
 *   (`unique`), each guarded by its own key, so a retry after a crash completes what is missing.
 * Returns what it did, for the log.
 */
export const countEvent = async (ports: CountingPorts, event: StoredEvent): Promise<string> => {
  const { statistics } = ports;
  const once = (meetingId: string, counters: Counters) =>
    statistics
      .addOnce(`event#${event.id}`, meetingId, counters)
      .then((added) => (added ? 'counted' : 'duplicate'));

  switch (event.detailType) {
    // The meeting events only say where the meeting belongs now.
    case 'MeetingScheduled':
    case 'MeetingRescheduled':
    case 'MeetingCancelled': {
      const meeting = await ports.meetings.meeting(event.detail.meetingId);
      if (!meeting) return 'meeting-gone';
      await statistics.saveMeeting(factsOf(meeting));
      return 'meeting-saved';
    }
    case 'RegistrationReceived': {
      const d = event.detail;
      return once(
        d.meetingId,
        inSlices(d.municipalityCode, d.role, {
          registrations: 1,
          seatsHeld: d.status === 'confirmed' ? 1 : 0,
        }),
      );
    }
    case 'RegistrationPromoted': {
      const d = event.detail;
      return once(d.meetingId, inSlices(d.municipalityCode, d.role, { seatsHeld: 1 }));
    }
    case 'RegistrationCancelled': {
      const d = event.detail;
      return once(
        d.meetingId,
        inSlices(d.municipalityCode, d.role, {
          cancellations: 1,
          seatsHeld: d.previousStatus === 'confirmed' ? -1 : 0,
        }),
      );
    }
    case 'EvaluationSubmitted': {
      const d = event.detail;
      return once(d.meetingId, { [`satisfaction:${d.satisfaction}`]: 1, [`usefulness:${d.usefulness}`]: 1 });
    }
    case 'AttendanceLogged':
      return countAttendance(ports, event.detail);
    default:
      return 'not-counted';
  }
};

const countAttendance = async (ports: CountingPorts, d: DetailOf<'AttendanceLogged'>): Promise<string> => {
  const { statistics } = ports;
  const person = d.participantKey;
  await statistics.addOnce(
    `day#${d.meetingId}#${d.day}#${person}`,
    d.meetingId,
    inSlices(d.municipalityCode, d.role, { personDays: 1 }),
  );
  await statistics.addOnce(
    `participation#${d.meetingId}#${person}`,
    d.meetingId,
    inSlices(d.municipalityCode, d.role, {
      participations: 1,
      walkIns: d.walkIn ? 1 : 0,
      attendedRegistered: d.walkIn ? 0 : 1,
    }),
  );
  // Distinct people per year and slice; the meeting is over, so its year, group and kind are settled.
  const meeting = await ports.meetings.meeting(d.meetingId);
  if (!meeting) return 'meeting-gone';
  const year = meetingYear(meeting.days);
  for (const slice of [
    'all',
    `group:${meeting.focusGroupId}`,
    `kind:${meeting.kind}`,
    `municipality:${d.municipalityCode ?? 'unknown'}`,
    `role:${d.role}`,
  ]) {
    await statistics.addOnceToYear(`unique#${year}#${slice}#${person}`, year, { [`unique#${slice}`]: 1 });
  }
  return 'counted';
};
