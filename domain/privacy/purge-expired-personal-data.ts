import type { Clock, Pseudonyms } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { type PersonalDataStore, retentionCutoff } from './personal-data';

export interface RetentionPorts {
  people: PersonalDataStore;
  pseudonyms: Pseudonyms;
  clock: Clock;
}

/**
 * The retention job: deletes the registrations (with everything keyed by them) of meetings whose
 * last day is more than `retentionMonths` months ago, by the same deletion as an erasure.
 * 1. The cutoff is today (Stockholm) minus the retention.
 * 2. Each old meeting's remaining registrations are deleted; statistics, frozen reports,
 *    attendance items and counters stay.
 * 3. `PersonalDataPurged` records, per meeting, how many were deleted (nothing when none were).
 * Running it again deletes nothing more.
 */
export const purgeExpiredPersonalData = async (
  ports: RetentionPorts,
  retentionMonths: number,
): Promise<{ cutoff: string; meetings: number; registrations: number }> => {
  const cutoff = retentionCutoff(stockholmDate(ports.clock.now()), retentionMonths);
  const old = await ports.people.registrationsOfMeetingsEndedBefore(cutoff);
  let meetings = 0;
  let registrations = 0;
  for (const { meetingId, registrations: stored } of old) {
    if (stored.length === 0) continue;
    for (const registration of stored) {
      await ports.people.eraseRegistration(
        registration,
        await ports.pseudonyms.participantKey(registration.email),
      );
    }
    await ports.people.record({
      detailType: 'PersonalDataPurged',
      detail: { meetingId, registrations: stored.length, retentionMonths },
    });
    meetings++;
    registrations += stored.length;
  }
  return { cutoff, meetings, registrations };
};
