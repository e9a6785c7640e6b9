import type { Pseudonyms } from '../ports';
import type { PersonalDataStore } from './personal-data';

export interface ExportPorts {
  people: PersonalDataStore;
  pseudonyms: Pseudonyms;
}

/** Everything held about one person (GDPR art. 15), as plain data. */
export interface PersonalDataExport {
  email: string;
  registrations: Array<
    Record<string, unknown> & {
      attendance: Array<{ day: string; walkIn: boolean }>;
      evaluation: { invitedAt?: string; answered: boolean };
    }
  >;
  subscriptions: Array<Record<string, unknown>>;
  /** What is kept without a name or address, and why it cannot be listed per person. */
  notListed: string[];
}

/**
 * Gathers a person's data for the right of access.
 * 1. The keyed pseudonym of the address finds the registrations (walk-ins included).
 * 2. Each comes with the days the person was logged present and whether they were sent and
 *    answered an evaluation (the answer itself is anonymous and cannot be linked back).
 * 3. The address's subscriptions, pending or active.
 */
export const exportPersonalData = async (ports: ExportPorts, email: string): Promise<PersonalDataExport> => {
  const key = await ports.pseudonyms.participantKey(email);
  const registrations = await ports.people.registrationsOf({ email, key });
  const subscriptions = await ports.people.subscriptionsOf(await ports.pseudonyms.subscriberKey(email));
  return {
    email: email.trim(),
    registrations: await Promise.all(
      registrations.map(async (registration) => ({
        ...registration,
        attendance: await ports.people.attendanceOf(registration.meetingId, registration.id),
        evaluation: await ports.people.evaluationOf(registration.meetingId, registration.id),
      })),
    ),
    subscriptions: subscriptions.map((subscriber) => ({ ...subscriber })),
    notListed: [
      'Evaluation answers are stored without any link to who gave them.',
      'The statistics count people under a keyed pseudonym of the address, without name or address.',
    ],
  };
};
