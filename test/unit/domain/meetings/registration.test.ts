import { describe, expect, it } from '@jest/globals';
import { RuleViolationError, ValidationError } from '../../../../domain/errors';
import type { Meeting } from '../../../../domain/meetings/meeting';
import { emailIdentity, prepareRegistration } from '../../../../domain/meetings/registration';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';

// aMeeting: physical, 2027-03-10 and 2027-03-11, registration closes 2027-03-09T22:59Z.
const OPEN = { id: 'reg-1', now: new Date('2027-02-15T10:00:00Z') };

const digitalMeeting = (): Meeting =>
  aMeeting({
    kind: 'digital',
    days: ['2027-03-10'],
    venue: undefined,
    onlineUrl: 'https://meet.example.org/x',
  });

describe('prepareRegistration', () => {
  it('refuses with REGISTRATION_CLOSED once the window has shut', () => {
    // Arrange
    const meeting = aMeeting();
    const atClose = { ...OPEN, now: new Date('2027-03-09T22:59:00Z') };

    // Act
    const run = () => prepareRegistration(meeting, aRegistrationRequest(), atClose);

    // Assert
    expect(run).toThrow(RuleViolationError);
    expect(run).toThrow(expect.objectContaining({ code: 'REGISTRATION_CLOSED' }));
  });

  it('refuses with REGISTRATION_CLOSED when the meeting is cancelled', () => {
    // Arrange
    const meeting: Meeting = { ...aMeeting(), status: 'cancelled' };

    // Act
    const run = () => prepareRegistration(meeting, aRegistrationRequest(), OPEN);

    // Assert
    expect(run).toThrow(expect.objectContaining({ code: 'REGISTRATION_CLOSED' }));
  });

  it('registers for every day of the meeting when no days are chosen', () => {
    // Arrange
    const request = aRegistrationRequest({ days: undefined });

    // Act
    const registration = prepareRegistration(aMeeting(), request, OPEN);

    // Assert
    expect(registration.days).toEqual(['2027-03-10', '2027-03-11']);
  });

  it('keeps one chosen day', () => {
    // Arrange
    const request = aRegistrationRequest({ days: ['2027-03-11'] });

    // Act
    const registration = prepareRegistration(aMeeting(), request, OPEN);

    // Assert
    expect(registration.days).toEqual(['2027-03-11']);
  });

  it('sorts chosen days and drops repeats', () => {
    // Arrange
    const request = aRegistrationRequest({ days: ['2027-03-11', '2027-03-10', '2027-03-11'] });

    // Act
    const registration = prepareRegistration(aMeeting(), request, OPEN);

    // Assert
    expect(registration.days).toEqual(['2027-03-10', '2027-03-11']);
  });

  it.each([
    ['a day the meeting does not have', ['2027-03-12']],
    ['a known and an unknown day', ['2027-03-10', '2027-03-12']],
    ['no day at all', []],
  ])('answers %s with a ValidationError on path days', (_label, days) => {
    // Arrange
    const request = aRegistrationRequest({ days });

    // Act
    let caught: unknown;
    try {
      prepareRegistration(aMeeting(), request, OPEN);
    } catch (error) {
      caught = error;
    }

    // Assert
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(['days']);
  });

  it('keeps trimmed dietary needs for a physical meeting', () => {
    // Arrange
    const request = aRegistrationRequest({ dietaryNeeds: '  Vegetarisk  ' });

    // Act
    const registration = prepareRegistration(aMeeting(), request, OPEN);

    // Assert
    expect(registration.dietaryNeeds).toBe('Vegetarisk');
  });

  it('drops dietary needs for a digital meeting, where no meals are served', () => {
    // Arrange
    const request = aRegistrationRequest({ dietaryNeeds: 'Vegetarisk' });

    // Act
    const registration = prepareRegistration(digitalMeeting(), request, OPEN);

    // Assert
    expect(Object.keys(registration)).not.toContain('dietaryNeeds');
  });

  it('drops dietary needs that are only blanks', () => {
    // Arrange
    const request = aRegistrationRequest({ dietaryNeeds: '   ' });

    // Act
    const registration = prepareRegistration(aMeeting(), request, OPEN);

    // Assert
    expect(Object.keys(registration)).not.toContain('dietaryNeeds');
  });

  it('writes in Swedish unless asked otherwise', () => {
    // Arrange
    const unspecified = aRegistrationRequest({ language: undefined });
    const english = aRegistrationRequest({ language: 'en' });

    // Act
    const languages = [unspecified, english].map((r) => prepareRegistration(aMeeting(), r, OPEN).language);

    // Assert
    expect(languages).toEqual(['sv', 'en']);
  });

  it('stamps receipt and consent with the current instant and trims name and address', () => {
    // Arrange
    const request = aRegistrationRequest({ name: '  Kim Karlsson ', email: ' Kim@Kommun.Example ' });

    // Act
    const registration = prepareRegistration(aMeeting({}, 'meeting-4'), request, OPEN);

    // Assert
    expect(registration).toMatchObject({
      id: 'reg-1',
      meetingId: 'meeting-4',
      name: 'Kim Karlsson',
      email: 'Kim@Kommun.Example',
      municipalityCode: '1480',
      role: 'environmental-strategist',
      receivedAt: '2027-02-15T10:00:00.000Z',
      consentedAt: '2027-02-15T10:00:00.000Z',
    });
  });
});

describe('emailIdentity', () => {
  it('is the same for addresses that differ only in case and surrounding blanks', () => {
    // Arrange
    const addresses = ['alex@kommun.example', 'Alex@Kommun.EXAMPLE', '  ALEX@kommun.example '];

    // Act
    const identities = new Set(addresses.map(emailIdentity));

    // Assert
    expect([...identities]).toEqual(['alex@kommun.example']);
  });

  it('differs for different addresses', () => {
    // Arrange
    const a = 'alex@kommun.example';
    const b = 'alexa@kommun.example';

    // Act
    const same = emailIdentity(a) === emailIdentity(b);

    // Assert
    expect(same).toBe(false);
  });
});
