import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkPurpose, LinkSubject, LinkTokens } from '../../domain/ports';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Link tokens as `<meetingId>.<registrationId>.<mac>`, where mac = HMAC-SHA256(key, purpose,
 * meetingId, registrationId) in base64url (256 bits). Nothing is stored: the key makes them
 * unguessable, the purpose inside the MAC makes them single-purpose, and erasing a registration
 * makes its token lead nowhere. The ids in the token are random UUIDs, not personal data.
 */
export class HmacLinkTokens implements LinkTokens {
  constructor(private readonly key: () => Promise<Buffer>) {}

  async issue(purpose: LinkPurpose, subject: LinkSubject): Promise<string> {
    if (!ID.test(subject.meetingId) || !ID.test(subject.registrationId))
      throw new Error('Ids not fit for a token');
    return `${subject.meetingId}.${subject.registrationId}.${await this.mac(purpose, subject)}`;
  }

  async verify(purpose: LinkPurpose, token: string): Promise<LinkSubject | undefined> {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [meetingId, registrationId, mac] = parts as [string, string, string];
    if (!ID.test(meetingId) || !ID.test(registrationId) || !/^[A-Za-z0-9_-]{43}$/.test(mac)) return undefined;
    const expected = Buffer.from(await this.mac(purpose, { meetingId, registrationId }), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    // Constant time: the comparison must not tell an attacker how many bytes were right.
    return given.length === expected.length && timingSafeEqual(given, expected)
      ? { meetingId, registrationId }
      : undefined;
  }

  private async mac(purpose: LinkPurpose, subject: LinkSubject): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${purpose}\n${subject.meetingId}\n${subject.registrationId}`)
      .digest('base64url');
  }
}
