import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  buildMimeMessage,
  encodeMailbox,
  MimeMessageError,
  type MimeMessageInput,
} from '../../../../functions/adapters/mime-message';

// A minimal reader of what buildMimeMessage writes: enough to prove the structure, not a MIME library.

interface Entity {
  headers: Map<string, string>;
  body: string;
}

const parseEntity = (raw: string): Entity => {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  // Unfold (CRLF + whitespace), then one header per line.
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
};

const parameter = (header: string, name: string): string | undefined => {
  const quoted = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  // RFC 2231: name*=UTF-8''… or name*0*=UTF-8''…; name*1*=…
  const pieces = [...header.matchAll(new RegExp(`;\\s*${name}\\*(\\d*)\\*?=([^;\\s]+)`, 'g'))]
    .sort((a, b) => Number(a[1] || 0) - Number(b[1] || 0))
    .map((match) => match[2] ?? '');
  if (pieces.length === 0) return undefined;
  return decodeURIComponent(pieces.join('').replace(/^UTF-8''/, ''));
};

const parts = (entity: Entity): Entity[] => {
  const boundary = parameter(entity.headers.get('content-type') ?? '', 'boundary');
  if (!boundary) throw new Error('not multipart');
  const [, ...rest] = entity.body.split(`--${boundary}\r\n`);
  const last = rest.length - 1;
  return rest.map((chunk, index) => {
    const end = index === last ? chunk.indexOf(`\r\n--${boundary}--`) : chunk.length - 2;
    expect(end).toBeGreaterThanOrEqual(0);
    return parseEntity(chunk.slice(0, end));
  });
};

/** RFC 2047 B words; whitespace between adjacent words is not part of the text. */
const decodeWords = (value: string): string =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/(?:=\?UTF-8\?B\?[^?]*\?=)+/g, (run) =>
      Buffer.concat(
        [...run.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)].map((word) => Buffer.from(word[1] ?? '', 'base64')),
      ).toString('utf8'),
    );

const decodeBody = (entity: Entity): Buffer => {
  expect(entity.headers.get('content-transfer-encoding')).toBe('base64');
  return Buffer.from(entity.body.replace(/\r\n/g, ''), 'base64');
};

const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x80]);

const input = (overrides: Partial<MimeMessageInput> = {}): MimeMessageInput => ({
  from: 'Kommunnätverket <noreply@network.local>',
  to: 'ekonomi@dalsland.example',
  subject: 'Faktura 1042 – årsavgift 2024, Kommunnätverket för hållbar utveckling',
  text: 'Hej!\n\nHär kommer faktura 1042.\nAtt betala: 50 726,25 kr',
  html: '<p>Hej!</p>\n<p>Här kommer faktura 1042 &amp; lite till.</p>',
  attachments: [{ filename: 'faktura-1042.pdf', contentType: 'application/pdf', content: pdfBytes }],
  date: new Date('2024-02-01T08:15:00Z'),
  boundarySeed: 'seed1',
  ...overrides,
});

describe('buildMimeMessage', () => {
  it('builds multipart/mixed with text and HTML as alternatives and the attachment after them', () => {
    // Act
    const raw = buildMimeMessage(input());

    // Assert
    const message = parseEntity(raw);
    expect(message.headers.get('mime-version')).toBe('1.0');
    expect(message.headers.get('date')).toBe('Thu, 01 Feb 2024 08:15:00 +0000');
    expect(message.headers.get('message-id')).toBe('<seed1@network.local>');
    expect(message.headers.get('to')).toBe('ekonomi@dalsland.example');
    expect(message.headers.get('content-type')).toBe('multipart/mixed; boundary="=_mixed_seed1"');

    const [alternative, attachment, ...more] = parts(message);
    expect(more).toHaveLength(0);
    expect(alternative?.headers.get('content-type')).toBe('multipart/alternative; boundary="=_alt_seed1"');
    const [text, html, ...others] = parts(alternative as Entity);
    expect(others).toHaveLength(0);
    expect(text?.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(decodeBody(text as Entity).toString('utf8')).toBe(input().text);
    expect(html?.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(decodeBody(html as Entity).toString('utf8')).toBe(input().html);

    expect(attachment?.headers.get('content-type')).toBe('application/pdf; name="faktura-1042.pdf"');
    expect(attachment?.headers.get('content-disposition')).toBe('attachment; filename="faktura-1042.pdf"');
    expect(decodeBody(attachment as Entity).equals(Buffer.from(pdfBytes))).toBe(true);
  });

  it('encodes the subject and a non-ASCII display name as RFC 2047 words and writes only ASCII', () => {
    // Act
    const raw = buildMimeMessage(input());
    const message = parseEntity(raw);

    // Assert
    expect(raw).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(message.headers.get('subject')).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(message.headers.get('subject') ?? '')).toBe(input().subject);
    expect(message.headers.get('from')).toMatch(/^=\?UTF-8\?B\?[^ ]+\?= <noreply@network\.local>$/);
    expect(decodeWords(message.headers.get('from') ?? '')).toBe('Kommunnätverket <noreply@network.local>');
  });

  it('keeps every line within 78 characters and every base64 line at 76', () => {
    // Arrange
    const big = new Uint8Array(10_000).map((_, index) => (index * 7919) % 256);

    // Act
    const raw = buildMimeMessage(
      input({
        text: 'å'.repeat(500),
        attachments: [{ filename: 'faktura-1042.pdf', contentType: 'application/pdf', content: big }],
      }),
    );

    // Assert
    const lines = raw.split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(78);
    const base64Lines = lines.filter((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line));
    expect(base64Lines.filter((line) => line.length === 76).length).toBeGreaterThan(100);
    expect(raw).not.toMatch(/[^\r]\n/); // no bare LF
  });

  it('encodes an ASCII subject that looks like an encoded word, so that no reader decodes it', () => {
    const header = parseEntity(buildMimeMessage(input({ subject: '=?UTF-8?B?SGk=?=' }))).headers.get(
      'subject',
    );
    expect(header).not.toBe('=?UTF-8?B?SGk=?=');
    expect(decodeWords(header ?? '')).toBe('=?UTF-8?B?SGk=?=');
  });

  it('leaves a short ASCII subject and display name readable', () => {
    // Act
    const message = parseEntity(
      buildMimeMessage(input({ from: 'Network "Office" <a@b.example>', subject: 'Invoice 7' })),
    );

    // Assert
    expect(message.headers.get('subject')).toBe('Invoice 7');
    expect(message.headers.get('from')).toBe('"Network \\"Office\\"" <a@b.example>');
  });

  it('round-trips any single-line subject through encoded words', () => {
    const codePoint = fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter((code) => code < 0xd800 || code > 0xdfff)
      .map((code) => String.fromCodePoint(code));
    fc.assert(
      fc.property(fc.array(codePoint, { maxLength: 120 }), (chars) => {
        const subject = chars.join('');
        const header = parseEntity(buildMimeMessage(input({ subject }))).headers.get('subject') ?? '';
        const encoded = /^=\?UTF-8\?B\?/.test(header);
        // The reader above trims header values; encoded words keep even outer spaces.
        expect(encoded ? decodeWords(header) : header).toBe(encoded ? subject : subject.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('names a non-ASCII attachment with RFC 2231 filename*, in continuations when long', () => {
    // Arrange
    const short = 'räkning.pdf';
    const long = 'Kreditfaktura för årsavgiften – Dalslands miljö- och energiförbund, 2024.pdf';

    // Act
    const message = parseEntity(
      buildMimeMessage(
        input({
          attachments: [
            { filename: short, contentType: 'application/pdf', content: pdfBytes },
            { filename: long, contentType: 'application/pdf', content: pdfBytes },
          ],
        }),
      ),
    );

    // Assert
    const [, first, second] = parts(message);
    const firstDisposition = first?.headers.get('content-disposition') ?? '';
    expect(firstDisposition).toBe("attachment; filename*=UTF-8''r%C3%A4kning.pdf");
    expect(parameter(firstDisposition, 'filename')).toBe(short);
    expect(parameter(first?.headers.get('content-type') ?? '', 'name')).toBe(short);
    const secondDisposition = second?.headers.get('content-disposition') ?? '';
    expect(secondDisposition).toContain("filename*0*=UTF-8''");
    expect(secondDisposition).toContain('filename*1*=');
    expect(parameter(secondDisposition, 'filename')).toBe(long);
  });

  it('uses unique boundaries that content cannot fake', () => {
    // Arrange: the text contains what the boundary would be, had it not been random.
    const tricky = input({ boundarySeed: undefined, text: '--=_mixed_seed1\r\n--=_alt_seed1--' });

    // Act
    const first = buildMimeMessage(tricky);
    const second = buildMimeMessage(tricky);

    // Assert
    const boundaryOf = (raw: string) =>
      parameter(parseEntity(raw).headers.get('content-type') ?? '', 'boundary');
    expect(boundaryOf(first)).toMatch(/^=_mixed_[0-9a-f]{32}$/);
    expect(boundaryOf(first)).not.toBe(boundaryOf(second));
    const [alternative] = parts(parseEntity(first));
    const [text] = parts(alternative as Entity);
    expect(decodeBody(text as Entity).toString('utf8')).toBe(tricky.text);
    expect(parseEntity(first).headers.get('message-id')).not.toBe(
      parseEntity(second).headers.get('message-id'),
    );
  });

  it.each([
    ['subject', { subject: 'Faktura\r\nBcc: everyone@example.org' }],
    ['subject with a bare LF', { subject: 'Faktura\nBcc: everyone@example.org' }],
    ['subject with a bare CR', { subject: 'Faktura\rBcc: everyone@example.org' }],
    ['to', { to: 'ekonomi@dalsland.example\r\nBcc: everyone@example.org' }],
    ['from display name', { from: 'Nätverket\n <noreply@network.local>' }],
    ['message id domain', { messageIdDomain: 'network.local\r\nX-Evil: 1' }],
    [
      'attachment file name',
      {
        attachments: [
          {
            filename: 'a.pdf"\r\nContent-Type: text/html',
            contentType: 'application/pdf',
            content: pdfBytes,
          },
        ],
      },
    ],
    [
      'attachment content type',
      {
        attachments: [{ filename: 'a.pdf', contentType: 'application/pdf\r\nX-Evil: 1', content: pdfBytes }],
      },
    ],
  ] as Array<[string, Partial<MimeMessageInput>]>)('refuses a line break in the %s', (_, overrides) => {
    // Act
    const build = () => buildMimeMessage(input(overrides));

    // Assert
    expect(build).toThrow(MimeMessageError);
    expect(build).toThrow(expect.objectContaining({ code: 'HEADER_INJECTION' }));
  });

  it.each([
    ['two addresses', { to: 'a@example.org, b@example.org' }],
    ['no address', { to: 'Ekonomi' }],
    ['a non-ASCII address', { to: 'ekonomi@dalslandsförbund.se' }],
  ] as Array<[string, Partial<MimeMessageInput>]>)('refuses %s as recipient', (_, overrides) => {
    expect(() => buildMimeMessage(input(overrides))).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS' }),
    );
  });

  it('keeps token parameters such as the calendar method', () => {
    const message = buildMimeMessage(
      input({
        attachments: [
          { filename: 'invitation.ics', contentType: 'text/calendar; method=REQUEST', content: pdfBytes },
        ],
      }),
    );
    expect(message).toContain('Content-Type: text/calendar; method=REQUEST;');
  });

  it('refuses a name parameter of its own (the builder writes it from the filename)', () => {
    const build = () =>
      buildMimeMessage(
        input({
          attachments: [{ filename: 'a.pdf', contentType: 'application/pdf; name=x', content: pdfBytes }],
        }),
      );
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_CONTENT_TYPE' }));
  });
});

describe('encodeMailbox', () => {
  it('encodes a non-ASCII display name on one line for SES', () => {
    const encoded = encodeMailbox('Kommunnätverket <noreply@network.local>');
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <noreply@network\.local>$/);
    expect(decodeWords(encoded)).toBe('Kommunnätverket <noreply@network.local>');
  });

  it('leaves a bare address alone', () => {
    expect(encodeMailbox('noreply@network.local')).toBe('noreply@network.local');
  });
});
