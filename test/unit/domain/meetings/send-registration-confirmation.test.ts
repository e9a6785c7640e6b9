import { describe, expect, it } from '@jest/globals';
import { prepareRegistration, type RegistrationStatus } from '../../../../domain/meetings/registration';
import { sendRegistrationConfirmation } from '../../../../domain/meetings/send-registration-confirmation';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

const NOW = '2027-02-15T10:00:00Z';

/** A world with meeting-1 and one stored registration reg-1. */
const worldWithRegistration = async (language: 'sv' | 'en', status: RegistrationStatus = 'confirmed') => {
  const meeting = aMeeting();
  const w = await inMemoryWorld(NOW, meeting);
  const registration = prepareRegistration(
    meeting,
    aRegistrationRequest({ email: 'kim@kommun.example', name: 'Kim', language }),
    { id: 'reg-1', now: new Date(NOW) },
  );
  w.store.registrations.set('reg-1', { ...registration, status });
  return w;
};

describe('sendRegistrationConfirmation', () => {
  it('sends one confirmation in Swedish to the registrant', async () => {
    // Arrange
    const { ports, mailer } = await worldWithRegistration('sv');

    // Act
    const outcome = await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-1',
      registrationId: 'reg-1',
      status: 'confirmed',
    });

    // Assert
    expect(outcome).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toBe('kim@kommun.example');
    expect(mailer.sent[0]?.subject).toMatch(/^Anmälan bekräftad: /);
  });

  it('writes in English for a registrant who chose English', async () => {
    // Arrange
    const { ports, mailer } = await worldWithRegistration('en');

    // Act
    await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-1',
      registrationId: 'reg-1',
      status: 'confirmed',
    });

    // Assert
    expect(mailer.sent.map((mail) => mail.subject)).toEqual([
      'Registration confirmed: Nätverksträff om klimatanpassning',
    ]);
  });

  it('sends the waiting-list notice when the event says waitlisted', async () => {
    // Arrange
    const { ports, mailer } = await worldWithRegistration('sv', 'waitlisted');

    // Act
    await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-1',
      registrationId: 'reg-1',
      status: 'waitlisted',
    });

    // Assert
    expect(mailer.sent[0]?.subject).toMatch(/^Du står på väntelistan: /);
  });

  it('skips without sending when the registration is gone', async () => {
    // Arrange
    const { ports, mailer, store } = await worldWithRegistration('sv');
    store.registrations.delete('reg-1');

    // Act
    const outcome = await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-1',
      registrationId: 'reg-1',
      status: 'confirmed',
    });

    // Assert
    expect(outcome).toBe('skipped');
    expect(mailer.sent).toEqual([]);
  });

  it('skips when the registration belongs to another meeting than the event says', async () => {
    // Arrange
    const { ports, mailer, store } = await worldWithRegistration('sv');
    store.meetings.set('meeting-2', aMeeting({}, 'meeting-2'));

    // Act
    const outcome = await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-2',
      registrationId: 'reg-1',
      status: 'confirmed',
    });

    // Assert
    expect(outcome).toBe('skipped');
    expect(mailer.sent).toEqual([]);
  });

  it('skips when the meeting is gone', async () => {
    // Arrange
    const { ports, mailer, store } = await worldWithRegistration('sv');
    store.meetings.delete('meeting-1');

    // Act
    const outcome = await sendRegistrationConfirmation(ports, {
      meetingId: 'meeting-1',
      registrationId: 'reg-1',
      status: 'confirmed',
    });

    // Assert
    expect(outcome).toBe('skipped');
    expect(mailer.sent).toEqual([]);
  });
});
