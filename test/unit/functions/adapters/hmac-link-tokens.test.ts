import { describe, expect, it } from 'vitest';
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
    const mac = token.split('.')[2] ?? '';
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

  it('refuses to put anything but plain ids in a token', async () => {
    const tokens = new HmacLinkTokens(key(1));
    await expect(tokens.issue('cancel-registration', { ...subject, meetingId: 'a.b' })).rejects.toThrow();
  });
});
