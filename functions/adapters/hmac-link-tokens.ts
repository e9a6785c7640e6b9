import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, RuleViolationError } from '../../domain/errors';
import {
  type Clock,
  LINK_LIFETIME_DAYS,
  type LinkPurpose,
  type LinkSubject,
  type LinkTokens,
} from '../../domain/ports';

const ID = /^[A-Za-z0-9-]{1,64}$/;
/** Days since 1970-01-01 (UTC): five digits until the year 2243. */
const DAY = /^\d{1,6}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 86_400_000;

const dayNumber = (instant: Date): number => Math.floor(instant.getTime() / DAY_MS);

/**
 * Link tokens as `<meetingId>.<registrationId>.<lastDay>.<mac>`, where lastDay is the last UTC day
 * (days since 1970-01-01) on which the link works and mac = HMAC-SHA256(key, purpose, meetingId,
 * registrationId, lastDay) in base64url (256 bits). Nothing is stored: the key makes them
 * unguessable, the purpose inside the MAC makes them single-purpose, the day inside the MAC makes
 * them expire (a changed day breaks the MAC), and erasing a registration makes its token lead
 * nowhere. The ids in the token are random UUIDs, not personal data. A whole day is coarse on
 * purpose: the same link comes out of every redelivery on a day, and the lifetimes are weeks.
 */
export class HmacLinkTokens implements LinkTokens {
  constructor(
    private readonly key: () => Promise<Buffer>,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async issue(purpose: LinkPurpose, subject: LinkSubject, validUntil?: Date): Promise<string> {
    if (!ID.test(subject.meetingId) || !ID.test(subject.registrationId))
      throw new Error('Ids not fit for a token');
    const lastDay =
      validUntil === undefined
        ? dayNumber(this.clock.now()) + LINK_LIFETIME_DAYS[purpose]
        : dayNumber(validUntil);
    if (!Number.isSafeInteger(lastDay) || lastDay < 0) throw new Error('No valid expiry for a token');
    const mac = await this.mac(purpose, subject, String(lastDay));
    return `${subject.meetingId}.${subject.registrationId}.${lastDay}.${mac}`;
  }

  async verify(purpose: LinkPurpose, token: string): Promise<LinkSubject | undefined> {
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [meetingId, registrationId, lastDay, mac] = parts as [string, string, string, string];
    if (!ID.test(meetingId) || !ID.test(registrationId) || !DAY.test(lastDay) || !MAC.test(mac))
      return undefined;
    const expected = Buffer.from(
      await this.mac(purpose, { meetingId, registrationId }, lastDay),
      'base64url',
    );
    const given = Buffer.from(mac, 'base64url');
    // Constant time: the comparison must not tell an attacker how many bytes were right.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    // Only an authentic token is told apart as expired: a forged one learns nothing.
    if (dayNumber(this.clock.now()) > Number(lastDay))
      throw new RuleViolationError(ErrorCode.LINK_EXPIRED, 'This link has expired');
    return { meetingId, registrationId };
  }

  private async mac(purpose: LinkPurpose, subject: LinkSubject, lastDay: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${purpose}\n${subject.meetingId}\n${subject.registrationId}\n${lastDay}`)
      .digest('base64url');
  }
}
