import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../../domain/errors';
import { feedbackOf, parseSesNotification } from '../../../../functions/ses-feedback/ses-notification';
import { sesFeedbackNotification } from '../../../../local/ses-local';

const ADDRESS = 'kim.karlsson@kommun.example';
const read = (notification: unknown) => feedbackOf(parseSesNotification(JSON.stringify(notification)));

describe('feedbackOf an SES notification', () => {
  it('suppresses every recipient of a permanent bounce, with SES feedback id and time', () => {
    // Arrange
    const at = new Date('2026-11-27T08:00:00Z');
    const notification = sesFeedbackNotification(
      ADDRESS,
      { kind: 'bounce', bounceType: 'Permanent', bounceSubType: 'NoEmail' },
      { feedbackId: 'fb-1', at },
    );

    // Act
    const feedback = read(notification);

    // Assert
    expect(feedback).toEqual({
      action: 'suppress',
      eventType: 'Bounce',
      reason: 'BOUNCE',
      addresses: [ADDRESS],
      feedbackId: 'fb-1',
      reportedAt: '2026-11-27T08:00:00.000Z',
      bounceSubType: 'NoEmail',
    });
  });

  it('suppresses on a bounce SES reports because the address is on its account-level list', () => {
    const feedback = read(
      sesFeedbackNotification(ADDRESS, {
        kind: 'bounce',
        bounceType: 'Permanent',
        bounceSubType: 'OnAccountSuppressionList',
      }),
    );
    expect(feedback).toMatchObject({ action: 'suppress', reason: 'BOUNCE', addresses: [ADDRESS] });
  });

  it.each(['Transient', 'Undetermined'] as const)('only counts a %s bounce', (bounceType) => {
    // Act
    const feedback = read(sesFeedbackNotification(ADDRESS, { kind: 'bounce', bounceType }));

    // Assert
    expect(feedback).toMatchObject({ action: 'count', eventType: 'Bounce', bounceType, recipients: 1 });
    expect(JSON.stringify(feedback)).not.toContain(ADDRESS);
  });

  it('suppresses the recipient of a complaint', () => {
    const feedback = read(sesFeedbackNotification(ADDRESS, { kind: 'complaint' }, { feedbackId: 'fb-2' }));
    expect(feedback).toMatchObject({
      action: 'suppress',
      eventType: 'Complaint',
      reason: 'COMPLAINT',
      addresses: [ADDRESS],
      feedbackId: 'fb-2',
    });
  });

  it('ignores a not-spam report, which withdraws a complaint', () => {
    const feedback = read(
      sesFeedbackNotification(ADDRESS, { kind: 'complaint', complaintFeedbackType: 'not-spam' }),
    );
    expect(feedback).toMatchObject({ action: 'ignore', eventType: 'Complaint' });
  });

  it('reads the identity-notification spelling (notificationType) the same way', () => {
    // Arrange
    const { eventType, ...rest } = sesFeedbackNotification(ADDRESS, {
      kind: 'bounce',
      bounceType: 'Permanent',
    });

    // Act
    const feedback = read({ notificationType: eventType, ...rest });

    // Assert
    expect(feedback).toMatchObject({ action: 'suppress', eventType: 'Bounce', addresses: [ADDRESS] });
  });

  it('takes the bare address out of a recipient written with a display name', () => {
    // Arrange
    const notification = sesFeedbackNotification(ADDRESS, { kind: 'complaint' }) as {
      complaint: { complainedRecipients: { emailAddress: string }[] };
    };
    notification.complaint.complainedRecipients = [{ emailAddress: `Kim Karlsson <${ADDRESS}>` }];

    // Act + Assert
    expect(read(notification)).toMatchObject({ addresses: [ADDRESS] });
  });

  it.each([
    ['a delivery', { eventType: 'Delivery', mail: { messageId: 'm' }, delivery: {} }],
    ['a delivery delay', { eventType: 'DeliveryDelay', mail: { messageId: 'm' }, deliveryDelay: {} }],
    ['an open', { eventType: 'Open', mail: { messageId: 'm' } }],
  ])('ignores %s (not asked for, but harmless)', (_name, notification) => {
    expect(read(notification)).toMatchObject({ action: 'ignore' });
  });
});

describe('parseSesNotification', () => {
  it.each([
    ['not JSON', 'this is not json'],
    ['JSON but not an object', '42'],
    ['an object without a type', JSON.stringify({ mail: { messageId: 'm' } })],
    ['a Bounce without its bounce object', JSON.stringify({ eventType: 'Bounce', mail: { messageId: 'm' } })],
    [
      'a Bounce without recipients',
      JSON.stringify({
        eventType: 'Bounce',
        mail: { messageId: 'm' },
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [],
          timestamp: 't',
          feedbackId: 'f',
        },
      }),
    ],
    ['a Complaint without its complaint object', JSON.stringify({ eventType: 'Complaint', mail: {} })],
    ['an SNS subscription confirmation', JSON.stringify({ Type: 'SubscriptionConfirmation', Token: 'x' })],
    ['an empty message', ''],
  ])('refuses %s with a ValidationError', (_name, message) => {
    expect(() => parseSesNotification(message)).toThrow(ValidationError);
  });

  it('names the broken field without quoting its value', () => {
    // Arrange
    const message = JSON.stringify({
      eventType: 'Complaint',
      mail: { messageId: 'm' },
      complaint: { complainedRecipients: [{ emailAddress: 42 }], timestamp: 't', feedbackId: 'f' },
    });

    // Act
    let caught: unknown;
    try {
      parseSesNotification(message);
    } catch (error) {
      caught = error;
    }

    // Assert
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'complaint.complainedRecipients.0.emailAddress',
    ]);
  });
});
