import { describe, expect, it } from '@jest/globals';
import { audienceOf } from '../../../../domain/meetings/message-registrants';
import type { StoredRegistration } from '../../../../domain/ports';

const registration = (id: string, status: StoredRegistration['status']): StoredRegistration => ({
  id,
  meetingId: 'm',
  name: id,
  email: `${id}@kommun.example`,
  municipalityCode: '1480',
  role: 'other',
  days: ['2027-03-10'],
  language: 'sv',
  receivedAt: '2027-01-01T00:00:00.000Z',
  consentedAt: '2027-01-01T00:00:00.000Z',
  status,
});

describe('audienceOf', () => {
  const registrations = [
    registration('seat', 'confirmed'),
    registration('queue', 'waitlisted'),
    registration('gone', 'cancelled'),
    registration('walk', 'walk-in'),
    registration('seat-absent', 'confirmed'),
  ];
  const present = [{ registrationId: 'seat' }, { registrationId: 'walk' }, { registrationId: 'gone' }];
  const ids = (audience: Parameters<typeof audienceOf>[2]) =>
    audienceOf(registrations, present, audience).map((r) => r.id);

  it('takes confirmed and waiting by status, never the cancelled', () => {
    expect(ids('confirmed')).toEqual(['seat', 'seat-absent']);
    expect(ids('waitlisted')).toEqual(['queue']);
  });

  it('takes those logged present for attended (walk-ins too, not a cancelled one), and everyone active or present for all', () => {
    expect(ids('attended')).toEqual(['seat', 'walk']);
    expect(ids('all')).toEqual(['seat', 'queue', 'walk', 'seat-absent']);
  });
});
