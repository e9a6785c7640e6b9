import type { MeetingCalendar, RegistrationBook } from '../ports';
import { currentDays, seatDays } from './meeting';
import { anySeatFree, nextToPromote } from './seat-decision';

export interface PromoteWaitingPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
}

/**
 * Gives free seats to the waiting list, in arrival order.
 * 1. Read the meeting; stop when nobody waits or it is not scheduled.
 * 2. Take the first waiting registration whose days all have a free seat (`nextToPromote`: on a
 *    two-day meeting someone waiting for a full day does not block someone behind them).
 * 3. Promote it with `RegistrationPromoted`, atomically; repeat until no one fits.
 * Safe to run twice or concurrently: every promotion is conditional on the seat and the status.
 */
export const promoteWaiting = async (ports: PromoteWaitingPorts, meetingId: string): Promise<string[]> => {
  const promoted: string[] = [];
  for (;;) {
    const meeting = await ports.meetings.meeting(meetingId);
    if (meeting?.status !== 'scheduled' || meeting.waitlisted <= 0) return promoted;
    // A full meeting promotes nobody: do not read the queue (a burst of registrations would read
    // it once per registration).
    if (!anySeatFree(meeting, seatDays(meeting))) return promoted;
    const waiting = await ports.registrations.waitingList(meetingId);
    const next = nextToPromote(meeting, waiting);
    if (!next) return promoted;
    const done = await ports.registrations.promote(meetingId, next.id, {
      detailType: 'RegistrationPromoted',
      detail: {
        registrationId: next.id,
        meetingId,
        days: currentDays(meeting, next.days),
        municipalityCode: next.municipalityCode,
        role: next.role,
      },
    });
    if (done) promoted.push(next.id);
    // If not done, someone else changed the meeting meanwhile: read it again.
  }
};
