import type { Pseudonyms } from '../ports';
import type { PersonalDataStore } from './personal-data';

export interface ExportPorts {
  people: PersonalDataStore;
  pseudonyms: Pseudonyms;
  /** The e-mail suppression list (bounces and complaints): whether mail may go to the address. */
  suppressions: { lookUp(email: string): Promise<{ reason: string; reportedAt: string } | undefined> };
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
  /** Set when the address bounced or complained and gets no more mail (docs/email.md). */
  suppressed?: { reason: string; reportedAt: string };
  /** What is kept without a name or address, and why it cannot be listed per person. */
  notListed: string[];
}

/**
 * Gathers a person's data for the right of access.
 * 1. The keyed pseudonym of the address finds the registrations (walk-ins included).
 * 2. Each comes with the days the person was logged present and whether they were sent and
 *    answered an evaluation (the answer itself is anonymous and cannot be linked back).
 * 3. The address's subscriptions, pending or active.
 * 4. Whether the address is on the suppression list, with the reason and when.
 */
export const exportPersonalData = async (ports: ExportPorts, email: string): Promise<PersonalDataExport> => {
  const key = await ports.pseudonyms.participantKey(email);
  const registrations = await ports.people.registrationsOf({ email, key });
  const subscriptions = await ports.people.subscriptionsOf(await ports.pseudonyms.subscriberKey(email));
  const suppressed = await ports.suppressions.lookUp(email);
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
    ...(suppressed ? { suppressed: { reason: suppressed.reason, reportedAt: suppressed.reportedAt } } : {}),
    notListed: [
      'Evaluation answers are stored without any link to who gave them.',
      'The statistics count people under a keyed pseudonym of the address, without name or address.',
    ],
  };
};
