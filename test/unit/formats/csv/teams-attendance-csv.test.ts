import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type AttendanceParse,
  type AttendanceRow,
  MAX_ATTENDANCE_CSV_BYTES,
  parseTeamsAttendance,
} from '../../../../formats/csv/teams-attendance-csv';

// The fixtures and the sources their layouts follow are described in test/fixtures/attendance/README.md.
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/attendance/${name}`, import.meta.url), 'utf8');

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
/** What Teams writes: UTF-16 little endian with a byte order mark. */
const utf16le = (text: string): Uint8Array =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Uint8Array =>
  Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const windows1252 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

const attendeesOf = (result: AttendanceParse): AttendanceRow[] => {
  if (!result.ok) throw new Error(`expected attendees, got issues: ${JSON.stringify(result.issues)}`);
  return result.attendees;
};

const issuesOf = (result: AttendanceParse) => {
  if (result.ok) throw new Error(`expected issues, got ${result.attendees.length} attendees`);
  return result.issues;
};

/** A small 2022-style report around the given participant rows (tab separated, LF). */
const report = (rows: string[][]): string =>
  [
    '1. Summary',
    'Meeting title\tNätverksträff',
    '',
    '2. Participants',
    'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
    ...rows.map((row) => row.join('\t')),
    '',
    '3. In-Meeting Activities',
    'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole',
  ].join('\n');

describe('parseTeamsAttendance, the attendance report (2022 on)', () => {
  it('reads the participants of the English report as Teams writes it: UTF-16 LE, BOM, tabs, CRLF', () => {
    // Arrange
    const bytes = utf16le(crlf(fixture('attendance-report-en.csv')));

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [
        { email: 'karin.lund@natverket.example', name: 'Karin Lund', line: 11 },
        { email: 'anna.svensson@goteborg.example', name: 'Anna Svensson', line: 12 },
        { email: 'erik.lindqvist@boras.example', name: 'Lindqvist, Erik', line: 13 },
        { email: 'johan.ek@molndal.example', name: 'Johan Ek', line: 16 },
        { email: 'sara.nilsson@alingsas.example', name: 'Sara Nilsson', line: 17 },
      ],
      // The dial-in and the guest of section 2; the repeats in section 3 are not read.
      ignoredLines: 2,
    });
  });

  it('gives the same result for LF line endings', () => {
    // Arrange
    const withCrlf = parseTeamsAttendance(utf16le(crlf(fixture('attendance-report-en.csv'))));

    // Act
    const withLf = parseTeamsAttendance(utf16le(fixture('attendance-report-en.csv')));

    // Assert
    expect(withLf).toEqual(withCrlf);
    expect(attendeesOf(withLf)).toHaveLength(5);
  });

  it('reads the report with Swedish section titles and headers (Namn, E-post)', () => {
    // Arrange
    const bytes = utf16le(crlf(fixture('attendance-report-sv.csv')));

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [
        { email: 'asa.oberg@natverket.example', name: 'Åsa Öberg', line: 11 },
        { email: 'per.akesson@kungalv.example', name: 'Per Åkesson', line: 12 },
        { email: 'lena.strom@lerum.example', name: 'Lena Ström', line: 14 },
      ],
      ignoredLines: 1,
    });
  });

  it('lower-cases and trims addresses', () => {
    // Arrange
    const bytes = utf16le(
      report([['Anna Svensson', '', '', '', '  Anna.Svensson@GOTEBORG.Example ', '', '']]),
    );

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees.map((a) => a.email)).toEqual(['anna.svensson@goteborg.example']);
  });

  it('takes the UPN when the Email cell is empty, but not a guest UPN (#EXT#) or a non-address', () => {
    // Arrange
    const bytes = utf16le(
      report([
        ['Johan Ek', '', '', '', '', 'johan.ek@molndal.example', 'Attendee'],
        [
          'Maria Berg (Guest)',
          '',
          '',
          '',
          '',
          'maria_konsult.example#EXT#@tenant.onmicrosoft.example',
          'Attendee',
        ],
        ['+46 31 123 45 67', '', '', '', 'not an address', '8:+4631123', 'Attendee'],
      ]),
    );

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [{ email: 'johan.ek@molndal.example', name: 'Johan Ek', line: 6 }],
      ignoredLines: 2,
    });
  });

  it('prefers the Email cell to a different UPN', () => {
    // Arrange
    const bytes = utf16le(
      report([['Anna Svensson', '', '', '', 'anna@goteborg.example', 'asv01@tenant.example', 'Attendee']]),
    );

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees.map((a) => a.email)).toEqual(['anna@goteborg.example']);
  });

  it('leaves the name out when the name cell is empty', () => {
    // Arrange
    const bytes = utf16le(report([['', '', '', '', 'anna@goteborg.example', '', 'Attendee']]));

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees).toEqual([{ email: 'anna@goteborg.example', line: 6 }]);
  });

  it.each([
    ['another header', ['Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole']],
    ['a numbered section title', ['3. In-Meeting Activities']],
    ['a title after a blank line', ['', 'Aktiviteter under mötet']],
  ])('ends the participant table at %s', (_boundary, boundary) => {
    // Arrange
    const text = [
      'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
      'Anna Svensson\t\t\t\tanna@goteborg.example\t\tAttendee',
      ...boundary,
      'Erik Lindqvist\t\t\t\terik@boras.example\t\tAttendee',
      'Uppringare\t\t\t\t\t\tAttendee',
    ].join('\r\n');

    // Act
    const result = parseTeamsAttendance(utf16le(text));

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [{ email: 'anna@goteborg.example', name: 'Anna Svensson', line: 2 }],
      ignoredLines: 0,
    });
  });

  it('reads on past a blank line inside the table, even to a row holding only an address', () => {
    // Arrange
    const text = [
      'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
      'Anna Svensson\t\t\t\tanna@goteborg.example\t\tAttendee',
      '',
      '\t\t\t\terik@boras.example\t\t',
    ].join('\n');

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(utf16le(text)));

    // Assert
    expect(attendees.map((a) => a.line)).toEqual([2, 4]);
  });

  it('returns no attendees, and counts the rows, when no row holds an address', () => {
    // Arrange
    const bytes = utf16le(
      report([
        ['Gäst', '', '', '', '', '', 'Attendee'],
        ['Uppringare', '', '', '', '', '', ''],
      ]),
    );

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({ ok: true, attendees: [], ignoredLines: 2 });
  });
});

describe('parseTeamsAttendance, encodings and separators', () => {
  const expectedEmails = [
    'karin.lund@natverket.example',
    'anna.svensson@goteborg.example',
    'erik.lindqvist@boras.example',
    'johan.ek@molndal.example',
    'sara.nilsson@alingsas.example',
  ];

  it.each([
    ['UTF-16 BE with BOM', utf16be],
    ['UTF-16 LE without BOM', (text: string): Uint8Array => Buffer.from(text, 'utf16le')],
    ['UTF-16 BE without BOM', (text: string): Uint8Array => Buffer.from(text, 'utf16le').swap16()],
    ['UTF-8 with BOM', (text: string): Uint8Array => utf8(`\uFEFF${text}`)],
    ['UTF-8 without BOM', utf8],
    ['Windows-1252', windows1252],
  ])('reads the English report in %s', (_encoding, encode) => {
    // Arrange
    const bytes = encode(crlf(fixture('attendance-report-en.csv')));

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees.map((a) => a.email)).toEqual(expectedEmails);
  });

  it('decodes names in Windows-1252 (å, ä, ö as single bytes)', () => {
    // Arrange
    const bytes = windows1252(crlf(fixture('attendance-report-sv.csv')));

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees.map((a) => a.name)).toEqual(['Åsa Öberg', 'Per Åkesson', 'Lena Ström']);
  });

  it('reads the report saved by Excel as comma-separated UTF-8, with quoted names holding commas and quotes', () => {
    // Arrange
    const bytes = utf8(fixture('attendance-report-excel-comma.csv'));

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [
        { email: 'erik.lindqvist@boras.example', name: 'Lindqvist, Erik', line: 10 },
        { email: 'anna.svensson@goteborg.example', name: 'Svensson, Anna "Annie"', line: 11 },
        { email: 'karin.lund@natverket.example', name: 'Karin Lund', line: 13 },
      ],
      ignoredLines: 1,
    });
  });

  it('reads a semicolon-separated file (Excel with a Swedish list separator)', () => {
    // Arrange
    const text = fixture('attendance-report-excel-comma.csv')
      .replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm, ';')
      .replace(/"Lindqvist, Erik"/g, 'Lindqvist, Erik');

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(windows1252(text)));

    // Assert
    expect(attendees.map((a) => [a.email, a.name])).toEqual([
      ['erik.lindqvist@boras.example', 'Lindqvist, Erik'],
      ['anna.svensson@goteborg.example', 'Svensson, Anna "Annie"'],
      ['karin.lund@natverket.example', 'Karin Lund'],
    ]);
  });

  it('keeps a quote inside an unquoted name of a tab-separated file', () => {
    // Arrange
    const bytes = utf16le(report([['Anna "Annie" Svensson', '', '', '', 'anna@goteborg.example', '', '']]));

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees[0]?.name).toBe('Anna "Annie" Svensson');
  });
});

describe('parseTeamsAttendance, older layouts', () => {
  it('returns a person who joined twice once, at the first line (2021 layout, one row per session)', () => {
    // Arrange
    const bytes = utf16le(crlf(fixture('meeting-summary-2021.csv')));

    // Act
    const result = parseTeamsAttendance(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      attendees: [
        { email: 'karin.lund@natverket.example', name: 'Karin Lund', line: 9 },
        { email: 'anna.svensson@goteborg.example', name: 'Anna Svensson', line: 10 },
        { email: 'erik.lindqvist@boras.example', name: 'Erik Lindqvist', line: 11 },
      ],
      ignoredLines: 0,
    });
  });

  it('rejects the 2020 attendance list, which has no e-mail column, and points to the newer report', () => {
    // Arrange
    const bytes = utf16le(crlf(fixture('attendance-list-2020.csv')));

    // Act
    const issues = issuesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('file');
    expect(issues[0]?.message).toMatch(/no e-mail column/);
    expect(issues[0]?.message).toMatch(/attendance report/);
  });
});

describe('parseTeamsAttendance, files it rejects', () => {
  it.each([
    ['no bytes', new Uint8Array()],
    ['only a UTF-16 BOM', new Uint8Array([0xff, 0xfe])],
    ['only blank lines', utf8('\r\n \r\n\t\r\n')],
  ])('rejects an empty file (%s)', (_case, bytes) => {
    // Act
    const issues = issuesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(issues).toEqual([{ path: 'file', message: 'the file is empty' }]);
  });

  it('rejects a file over the size limit without reading it', () => {
    // Arrange
    const report = utf8(fixture('attendance-report-excel-comma.csv'));
    const bytes = new Uint8Array(MAX_ATTENDANCE_CSV_BYTES + 1);
    bytes.set(report);

    // Act
    const issues = issuesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(issues).toEqual([
      { path: 'file', message: `the file is larger than ${MAX_ATTENDANCE_CSV_BYTES} bytes` },
    ]);
  });

  it('accepts a file of exactly the size limit', () => {
    // Arrange
    const report = utf8(fixture('attendance-report-excel-comma.csv'));
    const bytes = new Uint8Array(MAX_ATTENDANCE_CSV_BYTES).fill(0x0a);
    bytes.set(report);

    // Act
    const attendees = attendeesOf(parseTeamsAttendance(bytes));

    // Assert
    expect(attendees).toHaveLength(3);
  });

  it.each([
    ['a population table', 'code,year,population\n1480,2023,596841\n'],
    ['only the summary', '1. Summary\nMeeting title\tNätverksträff\nAttended participants\t3\n'],
    ['a bare list of names', 'Name\nAnna Svensson\nErik Lindqvist\n'],
    ['prose', 'Hej! Här är listan: anna@goteborg.example, erik@boras.example\n'],
  ])('rejects a file without a participant header (%s)', (_case, text) => {
    // Act
    const issues = issuesOf(parseTeamsAttendance(utf16le(text)));

    // Assert
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('file');
    expect(issues[0]?.message).toMatch(/no participant list found/);
  });
});

describe('parseTeamsAttendance, properties', () => {
  it('returns a result and never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const result = parseTeamsAttendance(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on report-like text with random cells, in any encoding', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('"', '""', '\t', ',', ';', '@', '#EXT#', '2. Participants'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }),
        fc.constantFrom(utf16le, utf16be, utf8, windows1252),
        (rows, encode) => {
          const result = parseTeamsAttendance(encode(report(rows)));
          expect(result.ok).toBe(true);
        },
      ),
    );
  });

  const addressArb = fc.emailAddress().filter((email) => !email.toLowerCase().includes('#ext#'));
  const shout = (email: string, upper: boolean[]): string =>
    [...email].map((char, i) => (upper[i % upper.length] ? char.toUpperCase() : char)).join('');

  it('returns each address of a report once, lower-cased, in order of first appearance', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(addressArb, { minLength: 1, maxLength: 15, selector: (email) => email.toLowerCase() }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        fc.constantFrom(utf16le, utf8),
        (addresses, repeats, upper, encode) => {
          // Arrange: the addresses in order, then some of them again, in other letter cases.
          const again = repeats.map((n) => addresses[n % addresses.length] ?? '');
          const rows = [...addresses, ...again].map((email, i) => [
            `Person ${i}`,
            '',
            '',
            '',
            shout(email, upper),
            '',
            '',
          ]);

          // Act
          const attendees = attendeesOf(parseTeamsAttendance(encode(crlf(report(rows)))));

          // Assert
          expect(attendees.map((a) => a.email)).toEqual(addresses.map((email) => email.toLowerCase()));
          expect(attendees.map((a) => a.line)).toEqual(addresses.map((_, i) => 6 + i));
        },
      ),
    );
  });
});
