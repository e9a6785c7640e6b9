import { createHmac } from 'node:crypto';
import type { Pseudonyms } from '../../domain/ports';

/**
 * Participant keys as HMAC-SHA256(key, "participant\n" + lower-cased address), 128 bits in
 * base64url. Keyed, so that nobody without the key can test an address against the statistics
 * (an unkeyed hash of an e-mail address is undone by trying addresses). The key is the link-token
 * key; the prefix keeps the two uses apart (a link MAC can never equal a participant key).
 */
export class HmacPseudonyms implements Pseudonyms {
  constructor(private readonly key: () => Promise<Buffer>) {}

  async participantKey(email: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`participant\n${email.trim().toLowerCase()}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  /** HMAC-SHA256(key, "subscriber\n" + lower-cased address) in hex: fits a link token's id. */
  async subscriberKey(email: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`subscriber\n${email.trim().toLowerCase()}`)
      .digest('hex');
  }
}
