import { cancelInBook } from '../meetings/cancel-registration';
import { meetingStart } from '../meetings/meeting';
import type {
  Clock,
  IdGenerator,
  MeetingCalendar,
  Pseudonyms,
  RegistrationBook,
  StoredRegistration,
} from '../ports';
import type { ErasureCounts, PersonalDataStore } from './personal-data';

export interface ErasurePorts {
  people: PersonalDataStore;
  registrations: RegistrationBook;
  meetings: MeetingCalendar;
  pseudonyms: Pseudonyms;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * A seat or a queue place for a meeting that has not started is given up before the data goes,
 * as a cancellation would: the next in the queue is promoted and the meeting's figures say
 * what really happened. Past meetings keep their counters (the seat was occupied).
 */
const cancelIfUpcoming = async (ports: ErasurePorts, registration: StoredRegistration): Promise<boolean> => {
  if (registration.status !== 'confirmed' && registration.status !== 'waitlisted') return false;
  const meeting = await ports.meetings.meeting(registration.meetingId);
  if (meeting?.status !== 'scheduled') return false;
  if (ports.clock.now().getTime() >= meetingStart(meeting).getTime()) return false;
  const outcome = await cancelInBook(ports.registrations, registration);
  return outcome === 'confirmed' || outcome === 'waitlisted';
};

/**
 * Erases a person (GDPR art. 17) on the secretariat's request.
 * 1. The address is turned into its keyed pseudonym, which finds the person's registrations.
 * 2. A registration for a meeting not yet started is cancelled first (`RegistrationCancelled`).
 * 3. Every registration is deleted with what is keyed by it; statistics, attendance items and
 *    seat counters stay as they are (ids and figures only).
 * 4. Every subscription of the address is deleted.
 * 5. `PersonErased` records the erasure with the pseudonym and the counts, never the address.
 * Idempotent: a second request finds nothing and answers zero counts; so does an unknown address.
 */
export const erasePerson = async (
  ports: ErasurePorts,
  email: string,
): Promise<ErasureCounts & { erasureId: string }> => {
  const key = await ports.pseudonyms.participantKey(email);
  const registrations = await ports.people.registrationsOf({ email, key });
  let cancelledFirst = 0;
  for (const registration of registrations) {
    if (await cancelIfUpcoming(ports, registration)) cancelledFirst++;
    // After a cancellation the e-mail guard is gone already; the deletion tolerates that.
    await ports.people.eraseRegistration(registration, key);
  }
  const subscriptions = await ports.people.subscriptionsOf(await ports.pseudonyms.subscriberKey(email));
  for (const subscriber of subscriptions) await ports.people.eraseSubscription(subscriber);
  await ports.people.forgetPerson(key);
  const counts = { registrations: registrations.length, cancelledFirst, subscriptions: subscriptions.length };
  const erasureId = ports.ids.newId();
  await ports.people.record({
    detailType: 'PersonErased',
    detail: { erasureId, personKey: key, ...counts },
  });
  return { erasureId, ...counts };
};
