import { describe, expect, it } from '@jest/globals';
import { cancelRegistration } from '../../../../domain/meetings/cancel-registration';
import { registerForMeeting } from '../../../../domain/meetings/register-for-meeting';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

/** The meeting starts 2027-03-10 09:30 Stockholm (08:30Z); registration closes the evening before. */
const setUp = async () => {
  const world = await inMemoryWorld('2027-02-15T10:00:00Z', aMeeting({ capacity: 1, days: ['2027-03-10'] }));
  const { registrationId } = await registerForMeeting(world.ports, 'meeting-1', aRegistrationRequest());
  const token = await world.ports.linkTokens.issue('cancel-registration', {
    meetingId: 'meeting-1',
    registrationId,
  });
  return { ...world, registrationId, token };
};

describe('cancelRegistration', () => {
  it('cancels the registration its link stands for and stores RegistrationCancelled once', async () => {
    // Arrange
    const { ports, store, token, registrationId } = await setUp();
    // Act
    const first = await cancelRegistration(ports, token);
    const second = await cancelRegistration(ports, token);
    // Assert
    expect([first, second]).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }]);
    expect(store.registrations.get(registrationId)?.status).toBe('cancelled');
    expect(store.events.filter((e) => e.detailType === 'RegistrationCancelled')).toEqual([
      {
        detailType: 'RegistrationCancelled',
        detail: {
          registrationId,
          meetingId: 'meeting-1',
          previousStatus: 'confirmed',
          municipalityCode: '1480',
          role: 'environmental-strategist',
        },
      },
    ]);
  });

  it('refuses once the meeting has started (422 MEETING_STARTED), still allowing it a minute before', async () => {
    const { ports, clock, token } = await setUp();

    clock.set('2027-03-10T08:30:00Z');
    await expect(cancelRegistration(ports, token)).rejects.toMatchObject({ code: 'MEETING_STARTED' });
    clock.set('2027-03-10T08:29:00Z');
    await expect(cancelRegistration(ports, token)).resolves.toEqual({ status: 'cancelled' });
  });

  it('answers REGISTRATION_NOT_FOUND for a token of another purpose or an altered one', async () => {
    const { ports, registrationId } = await setUp();
    const evaluation = await ports.linkTokens.issue('evaluate-meeting', {
      meetingId: 'meeting-1',
      registrationId,
    });

    await expect(cancelRegistration(ports, evaluation)).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });
    await expect(cancelRegistration(ports, `${evaluation.slice(0, -1)}A`)).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });
  });
});
