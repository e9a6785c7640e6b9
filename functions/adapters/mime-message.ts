import { randomBytes } from 'node:crypto';

/** A file attached to a mail. */
export interface MimeAttachment {
  filename: string;
  /** `type/subtype`, e.g. `application/pdf`; parameters are not accepted. */
  contentType: string;
  content: Uint8Array;
}

export interface MimeMessageInput {
  /** `address` or `Display Name <address>`; the display name may be any Unicode. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: readonly MimeAttachment[];
  /** Defaults to now. */
  date?: Date;
  /** Right-hand side of the Message-ID; defaults to the sender's domain. */
  messageIdDomain?: string;
  /** Tests only: makes the boundaries and the Message-ID predictable instead of random. */
  boundarySeed?: string;
}

export type MimeMessageErrorCode = 'HEADER_INJECTION' | 'INVALID_ADDRESS' | 'INVALID_CONTENT_TYPE';

/** A message that cannot be built safely. A bug or bad data upstream, never something to retry. */
export class MimeMessageError extends Error {
  constructor(
    readonly code: MimeMessageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MimeMessageError';
  }
}

const CRLF = '\r\n';
/** RFC 2047: an encoded word is at most 75 characters; 42 bytes → 56 base64 characters → 68. */
const ENCODED_WORD_BYTES = 42;
const BASE64_LINE = 76;

/** A line break in a header value would let the value add headers (or a body) of its own. */
const assertHeaderSafe = (name: string, value: string): void => {
  if (/[\r\n\0]/.test(value)) {
    throw new MimeMessageError('HEADER_INJECTION', `The ${name} header value contains a line break or NUL`);
  }
};

const isPrintableAscii = (value: string): boolean => /^[\x20-\x7e]*$/.test(value);

/** Base64 in lines of 76 characters, as RFC 2045 requires for a body. */
const base64Body = (bytes: Uint8Array): string =>
  (
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('base64')
      .match(new RegExp(`.{1,${BASE64_LINE}}`, 'g')) ?? []
  ).join(CRLF);

const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);

/**
 * RFC 2047 `=?UTF-8?B?…?=` words, each at most 75 characters and never splitting a character
 * across two words (decoders must not have to glue half characters).
 */
const encodedWords = (value: string): string[] => {
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of value) {
    const bytes = utf8(char).length;
    if (chunkBytes + bytes > ENCODED_WORD_BYTES && chunk) {
      words.push(chunk);
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += bytes;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
};

/**
 * Plain when it is short printable ASCII that no reader would take for an encoded word; otherwise
 * encoded words, folded one per line.
 */
const unstructured = (name: string, value: string): string =>
  isPrintableAscii(value) && !value.includes('=?') && name.length + 2 + value.length <= 78
    ? value
    : encodedWords(value).join(`${CRLF} `);

/** `Name <a@b>` with the name quoted or encoded; the address itself must be plain ASCII. */
const mailbox = (header: string, value: string): { field: string; address: string } => {
  assertHeaderSafe(header, value);
  const match = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/.exec(value);
  const displayName = (match?.[1] ?? '').replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
  const address = (match?.[2] ?? match?.[3] ?? '').trim();
  if (!/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(address) || /[<>(),;:"[\]\\]/.test(address)) {
    throw new MimeMessageError(
      'INVALID_ADDRESS',
      `The ${header} header needs one plain ASCII e-mail address`,
    );
  }
  if (!displayName) return { field: address, address };
  const phrase =
    isPrintableAscii(displayName) && !displayName.includes('=?')
      ? `"${displayName.replace(/["\\]/g, '\\$&')}"`
      : encodedWords(displayName).join(`${CRLF} `);
  return { field: `${phrase} <${address}>`, address };
};

/**
 * A mailbox as SES wants it outside the message (`FromEmailAddress`): ASCII only, a non-ASCII
 * display name as RFC 2047 encoded words on one line.
 * @throws MimeMessageError `HEADER_INJECTION`, `INVALID_ADDRESS`
 */
export const encodeMailbox = (value: string): string =>
  mailbox('From', value).field.replaceAll(`${CRLF} `, ' ');

/** RFC 5322 date in UTC: `Thu, 01 Feb 2024 08:15:00 +0000`. */
const rfc5322Date = (date: Date): string => {
  const [weekday, day, month, year, time] = date.toUTCString().split(' ');
  return `${weekday} ${day} ${month} ${year} ${time} +0000`;
};

/**
 * RFC 2231 attr-chars stay; every other byte of the UTF-8 form becomes %XX. One token per
 * character, so that continuations never split a character (some clients decode each piece alone).
 */
const rfc2231Tokens = (value: string): string[] =>
  Array.from(value, (char) =>
    /^[A-Za-z0-9!#$&+\-.^_`|~]$/.test(char)
      ? char
      : Array.from(utf8(char), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

/**
 * `filename="report.pdf"` for ASCII; for anything else RFC 2231 `filename*=UTF-8''…`, split into
 * numbered continuations (`filename*0*=`) so that no header line grows long. Used for both the
 * Content-Disposition `filename` and the Content-Type `name` (which some clients read instead).
 */
const filenameParameter = (name: string, filename: string): string => {
  if (isPrintableAscii(filename)) return `${name}="${filename.replace(/["\\]/g, '\\$&')}"`;
  const tokens = rfc2231Tokens(filename);
  const segments: string[] = [];
  let segment = "UTF-8''";
  for (const token of tokens) {
    if (segment.length + token.length > 60) {
      segments.push(segment);
      segment = '';
    }
    segment += token;
  }
  segments.push(segment);
  if (segments.length === 1) return `${name}*=${segments[0]}`;
  return segments.map((part, index) => `${name}*${index}*=${part}`).join(`;${CRLF} `);
};

const part = (headers: string[], body: string): string => `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;

const multipart = (boundary: string, parts: string[]): string => {
  for (const content of parts) {
    if (content.includes(`--${boundary}`)) throw new Error('A MIME boundary occurs in the content');
  }
  return `${parts.map((content) => `--${boundary}${CRLF}${content}${CRLF}`).join('')}--${boundary}--`;
};

/**
 * Builds an RFC 5322 message: multipart/mixed holding a multipart/alternative (plain text and
 * HTML, UTF-8, base64) followed by the attachments (base64). Every line ends in CRLF and is
 * ASCII, so the result can go to SES as raw bytes unchanged.
 *
 * Boundaries contain `=_`, which base64 never produces, so they cannot occur in any body.
 * @throws MimeMessageError `HEADER_INJECTION` when a header value contains CR, LF or NUL;
 *   `INVALID_ADDRESS`, `INVALID_CONTENT_TYPE` for values that cannot be written safely
 */
export const buildMimeMessage = (message: MimeMessageInput): string => {
  const from = mailbox('From', message.from);
  const to = mailbox('To', message.to);
  assertHeaderSafe('Subject', message.subject);
  if (message.messageIdDomain !== undefined) assertHeaderSafe('Message-ID', message.messageIdDomain);
  if (message.boundarySeed !== undefined && !/^[A-Za-z0-9]+$/.test(message.boundarySeed)) {
    throw new MimeMessageError('HEADER_INJECTION', 'A boundary seed must be letters and digits');
  }

  const seed = message.boundarySeed ?? randomBytes(16).toString('hex');
  const mixedBoundary = `=_mixed_${seed}`;
  const alternativeBoundary = `=_alt_${seed}`;
  const domain = message.messageIdDomain ?? from.address.slice(from.address.lastIndexOf('@') + 1);
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) {
    throw new MimeMessageError('INVALID_ADDRESS', 'The Message-ID domain must be an ASCII host name');
  }

  const alternative = multipart(alternativeBoundary, [
    part(
      ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      base64Body(utf8(message.text)),
    ),
    part(
      ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
      base64Body(utf8(message.html)),
    ),
  ]);

  const attachments = message.attachments.map((attachment) => {
    assertHeaderSafe('Content-Type', attachment.contentType);
    assertHeaderSafe('Content-Disposition', attachment.filename);
    // A type, optionally with token parameters (`text/calendar; charset=utf-8; method=REQUEST`).
    // `name` is refused: the builder writes it from the filename, encoded.
    if (
      !/^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*(; ?[A-Za-z0-9-]+=[A-Za-z0-9._-]+)*$/.test(
        attachment.contentType,
      ) ||
      /;\s*name=/i.test(attachment.contentType)
    ) {
      throw new MimeMessageError('INVALID_CONTENT_TYPE', `Not a plain MIME type: ${attachment.contentType}`);
    }
    return part(
      [
        `Content-Type: ${attachment.contentType};${CRLF} ${filenameParameter('name', attachment.filename)}`,
        `Content-Disposition: attachment;${CRLF} ${filenameParameter('filename', attachment.filename)}`,
        'Content-Transfer-Encoding: base64',
      ],
      base64Body(attachment.content),
    );
  });

  const headers = [
    `From: ${from.field}`,
    `To: ${to.field}`,
    `Subject: ${unstructured('Subject', message.subject)}`,
    `Date: ${rfc5322Date(message.date ?? new Date())}`,
    `Message-ID: <${seed}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed;${CRLF} boundary="${mixedBoundary}"`,
  ];
  const body = multipart(mixedBoundary, [
    part([`Content-Type: multipart/alternative;${CRLF} boundary="${alternativeBoundary}"`], alternative),
    ...attachments,
  ]);
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}`;
};
