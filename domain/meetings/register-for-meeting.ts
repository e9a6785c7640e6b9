import { ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import { isMemberOn } from '../members/municipality';
import type { Clock, IdGenerator, MeetingCalendar, MemberDirectory, RegistrationBook } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { currentDays } from './meeting';
import {
  prepareRegistration,
  type RegistrationRequest,
  type RegistrationSource,
  type RegistrationStatus,
} from './registration';

export interface RegisterForMeetingPorts {
  meetings: MeetingCalendar;
  members: MemberDirectory;
  registrations: RegistrationBook;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Registers an official for a meeting.
 * 1. The meeting must exist (404 MEETING_NOT_FOUND).
 * 2. The municipality must be a member today (422 NOT_A_MEMBER).
 * 3. The window must be open and the days the meeting's own (422 / 400).
 * The secretariat registers people through the same steps (`source: 'secretariat'`, kept on the
 * registration and not in the event): a full meeting queues them as it queues anyone.
 * 4. The book takes a seat or queues (`decidePlace`, seat-decision.ts), storing the registration with `RegistrationReceived`; the
 *    book's order of acceptance is the order of the waiting list.
 */
export const registerForMeeting = async (
  ports: RegisterForMeetingPorts,
  meetingId: string,
  request: RegistrationRequest,
  options: { source?: RegistrationSource } = {},
): Promise<{ registrationId: string; status: RegistrationStatus }> => {
  const now = ports.clock.now();
  // Both reads at once: under a burst every round trip a registration waits for is one more queue.
  const [meeting, municipality] = await Promise.all([
    ports.meetings.meeting(meetingId),
    ports.members.municipality(request.municipalityCode),
  ]);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');

  if (!municipality || !isMemberOn(municipality, stockholmDate(now))) {
    throw new RuleViolationError(
      ErrorCode.NOT_A_MEMBER,
      `Municipality ${request.municipalityCode} is not a member of the network`,
    );
  }

  const registration = prepareRegistration(meeting, request, {
    id: ports.ids.newId(),
    now,
    ...(options.source ? { source: options.source } : {}),
  });
  const status = await ports.registrations.register(
    registration,
    (outcome) => ({
      detailType: 'RegistrationReceived',
      detail: {
        registrationId: registration.id,
        meetingId,
        status: outcome,
        days: currentDays(meeting, registration.days),
        municipalityCode: registration.municipalityCode,
        role: registration.role,
      },
    }),
    // The counters as read: the book decides from them and guards the decision when it writes.
    meeting,
  );
  return { registrationId: registration.id, status };
};
