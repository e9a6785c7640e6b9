import type { AddressInfo } from 'node:net';
import * as sesModule from 'aws-ses-v2-local';

// The package is CommonJS with `exports.default`; ESM sees it one level down.
const sesServer = ((sesModule as unknown as { default: { default?: unknown } }).default.default ??
  (sesModule as unknown as { default: unknown }).default) as typeof sesModule.default;

export interface LocalSes {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local: the real SES API, with an inbox page at `/` and the mail as JSON at `/store`. */
export const startLocalSes = async (options: { port: number }): Promise<LocalSes> => {
  const server = await sesServer({ port: options.port, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

/** One mail as the local SES stores it. */
export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Attachments as the local SES parsed them; `content` is base64. */
  attachments?: Array<{ filename?: string; contentType: string; content: string; size: number }>;
  at: number;
}

/** Reads the local SES store (it insists on an AWS-style Authorization header). */
export const readLocalInbox = async (endpoint: string): Promise<StoredMail[]> => {
  const response = await fetch(`${endpoint}/store`, {
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local' },
  });
  if (!response.ok) throw new Error(`Local SES store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails;
};
