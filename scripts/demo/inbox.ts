/**
 * The demo's view of the local SES inbox: the cancel and evaluation links each registration got,
 * which the driver follows as the officials would.
 */
import type { StoredMail } from '../../local/ses-local';
import { DemoError } from './demo-error';

const TOKEN_IN_TEXT = /\/(cancel|evaluate)\?token=([A-Za-z0-9._~%-]+)/g;

/**
 * The local SES inbox, read incrementally (`/store?since=<epoch s>`) and indexed by the
 * registration each link stands for (tokens are `<meetingId>.<registrationId>.<mac>`), so a phase
 * reads only the mail that arrived since the last read instead of the thousands before.
 */
export class Inbox {
  private readonly seen = new Set<string>();
  private since = 0;
  readonly cancelLinks = new Map<string, { token: string; to: string }>();
  readonly evaluateLinks = new Map<string, { token: string; to: string; mails: number }>();

  constructor(private readonly sesUrl: string) {}

  get size(): number {
    return this.seen.size;
  }

  async refresh(): Promise<void> {
    const startedAt = Math.floor(Date.now() / 1000) - 2;
    const url = this.since > 0 ? `${this.sesUrl}/store?since=${this.since}` : `${this.sesUrl}/store`;
    const response = await fetch(url, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local' } });
    if (!response.ok) throw new DemoError(`GET ${url} → ${response.status}`);
    const { emails } = (await response.json()) as { emails: StoredMail[] };
    for (const mail of emails) {
      if (this.seen.has(mail.messageId)) continue;
      this.seen.add(mail.messageId);
      const to = mail.destination.to[0] ?? '';
      // One entry per link in this mail, however often its text repeats it.
      const links = new Map<string, { page: string; token: string }>();
      for (const [, page, raw] of (mail.body.text ?? '').matchAll(TOKEN_IN_TEXT)) {
        const token = decodeURIComponent(raw as string);
        const [meetingId, registrationId] = token.split('.');
        links.set(`${page} ${meetingId}.${registrationId}`, { page: page as string, token });
      }
      for (const [id, { page, token }] of links) {
        const key = id.slice(id.indexOf(' ') + 1);
        if (page === 'cancel') this.cancelLinks.set(key, { token, to });
        else {
          const known = this.evaluateLinks.get(key);
          this.evaluateLinks.set(key, { token, to, mails: (known?.mails ?? 0) + 1 });
        }
      }
    }
    this.since = startedAt;
  }
}
