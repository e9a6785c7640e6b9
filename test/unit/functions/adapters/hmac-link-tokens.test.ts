import { describe, expect, it } from '@jest/globals';
import { HmacLinkTokens } from '../../../../functions/adapters/hmac-link-tokens';

const key = (byte: number) => async () => Buffer.alloc(32, byte);
const subject = {
  meetingId: '6b805de4-f95e-4b69-9988-672622e6ce42',
  registrationId: '17321457-4e6a-4aa6-ae39-e825fde7e2f3',
};

describe('HmacLinkTokens', () => {
  it('verifies its own token for the same purpose and returns the ids it stands for', async () => {
    // Arrange
    const tokens = new HmacLinkTokens(key(1));
    // Act
    const token = await tokens.issue('cancel-registration', subject);
    // Assert
    expect(await tokens.verify('cancel-registration', token)).toEqual(subject);
    expect(token).toBe(await tokens.issue('cancel-registration', subject)); // deterministic: redelivery mails the same link
  });

  it('carries at least 128 unguessable bits (a 256-bit MAC)', async () => {
    const token = await new HmacLinkTokens(key(1)).issue('cancel-registration', subject);
    const mac = token.split('.')[3] ?? '';
    expect(Buffer.from(mac, 'base64url').length * 8).toBeGreaterThanOrEqual(256);
  });

  it('refuses a token of another purpose, another key, or with any character changed', async () => {
    const tokens = new HmacLinkTokens(key(1));
    const token = await tokens.issue('cancel-registration', subject);
    const flipped = (i: number) => {
      const chars = [...token];
      chars[i] = chars[i] === 'A' ? 'B' : 'A';
      return chars.join('');
    };

    expect(await tokens.verify('evaluate-meeting', token)).toBeUndefined();
    expect(await new HmacLinkTokens(key(2)).verify('cancel-registration', token)).toBeUndefined();
    for (const i of [0, 40, token.length - 1])
      expect(await tokens.verify('cancel-registration', flipped(i))).toBeUndefined();
    expect(
      await tokens.verify('cancel-registration', `${subject.meetingId}.${subject.registrationId}`),
    ).toBeUndefined();
    expect(await tokens.verify('cancel-registration', '')).toBeUndefined();
  });

  it('works through its last day and is refused as LINK_EXPIRED the day after', async () => {
    // Arrange: a clock the test moves
    let now = new Date('2027-03-01T10:00:00Z');
    const tokens = new HmacLinkTokens(key(1), { now: () => now });
    const token = await tokens.issue('evaluate-meeting', subject, new Date('2027-03-31T15:00:00Z'));
    // Act + Assert
    now = new Date('2027-03-31T23:59:59Z');
    expect(await tokens.verify('evaluate-meeting', token)).toEqual(subject);
    now = new Date('2027-04-01T00:00:00Z');
    await expect(tokens.verify('evaluate-meeting', token)).rejects.toMatchObject({
      name: 'RuleViolationError',
      code: 'LINK_EXPIRED',
    });
  });

  it('gives each purpose its own lifetime from the day it is issued', async () => {
    let now = new Date('2027-03-01T10:00:00Z');
    const tokens = new HmacLinkTokens(key(1), { now: () => now });
    const confirm = await tokens.issue('confirm-subscription', subject);
    const unsubscribe = await tokens.issue('unsubscribe', subject);
    now = new Date('2027-03-08T23:00:00Z'); // day 7: still works
    expect(await tokens.verify('confirm-subscription', confirm)).toEqual(subject);
    now = new Date('2027-03-09T00:00:00Z'); // day 8
    await expect(tokens.verify('confirm-subscription', confirm)).rejects.toMatchObject({
      code: 'LINK_EXPIRED',
    });
    expect(await tokens.verify('unsubscribe', unsubscribe)).toEqual(subject);
  });

  it('cannot be prolonged: a later last day breaks the MAC', async () => {
    let now = new Date('2027-03-01T10:00:00Z');
    const tokens = new HmacLinkTokens(key(1), { now: () => now });
    const token = await tokens.issue('confirm-subscription', subject);
    const [meetingId, registrationId, lastDay, mac] = token.split('.') as [string, string, string, string];
    now = new Date('2027-06-01T00:00:00Z');
    for (const day of [Number(lastDay) + 1, Number(lastDay) + 1000, 999_999])
      expect(
        await tokens.verify('confirm-subscription', [meetingId, registrationId, day, mac].join('.')),
      ).toBeUndefined();
    // A leading zero names the same day but is not the string the MAC covers.
    expect(
      await tokens.verify('confirm-subscription', [meetingId, registrationId, `0${lastDay}`, mac].join('.')),
    ).toBeUndefined();
  });

  it('tells an expired link apart only when it is authentic (a forged one is just unknown)', async () => {
    let now = new Date('2027-03-01T10:00:00Z');
    const tokens = new HmacLinkTokens(key(1), { now: () => now });
    const token = await tokens.issue('confirm-subscription', subject);
    now = new Date('2028-01-01T00:00:00Z');
    expect(
      await new HmacLinkTokens(key(2), { now: () => now }).verify('confirm-subscription', token),
    ).toBeUndefined();
    expect(await tokens.verify('unsubscribe', token)).toBeUndefined();
  });

  it('refuses to put anything but plain ids in a token', async () => {
    const tokens = new HmacLinkTokens(key(1));
    await expect(tokens.issue('cancel-registration', { ...subject, meetingId: 'a.b' })).rejects.toThrow();
  });
});
