import type { Pseudonyms, RegistrationBook } from '../ports';

/** Where the person index is kept (the privacy store's writing side). */
export interface PersonIndex {
  index(personKey: string, meetingId: string, registrationId: string): Promise<void>;
}

/**
 * Adds a new registration to the person index under the keyed pseudonym of its address, so that
 * erasure and export find it. A registration erased before this ran has nothing to index.
 */
export const indexRegistrant = async (
  ports: { registrations: RegistrationBook; pseudonyms: Pseudonyms; people: PersonIndex },
  detail: { meetingId: string; registrationId: string },
): Promise<'indexed' | 'gone'> => {
  const registration = await ports.registrations.registration(detail.meetingId, detail.registrationId);
  if (!registration?.email) return 'gone';
  const key = await ports.pseudonyms.participantKey(registration.email);
  await ports.people.index(key, detail.meetingId, detail.registrationId);
  return 'indexed';
};

/**
 * Adds an attendee's registration (a walk-in's too: it has no `RegistrationReceived`) to the person
 * index; the event already carries the participant key. Only while the registration exists, so
 * that a late redelivery does not re-index an erased person.
 */
export const indexAttendee = async (
  ports: { registrations: RegistrationBook; people: PersonIndex },
  detail: { meetingId: string; registrationId: string; participantKey: string },
): Promise<'indexed' | 'gone'> => {
  const registration = await ports.registrations.registration(detail.meetingId, detail.registrationId);
  if (!registration?.email) return 'gone';
  await ports.people.index(detail.participantKey, detail.meetingId, detail.registrationId);
  return 'indexed';
};
