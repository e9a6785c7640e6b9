import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { MeetingLine, RatingSummary, YearReport } from '../../../../domain/statistics/year-report';
import { csvCell, yearReportCsv } from '../../../../formats/report/report-csv';
import { counts, figures, rating } from '../../../fixtures/year-report';

// ---------------------------------------------------------------------------------------------------
// A year report like the network's 2023 one, small: three focus groups, five meetings.

type Distribution = RatingSummary['distribution'];

const combined = (...summaries: RatingSummary[]): RatingSummary =>
  rating(
    summaries.reduce<Distribution>(
      (sum, summary) => sum.map((count, index) => count + (summary.distribution[index] ?? 0)) as Distribution,
      [0, 0, 0, 0, 0, 0],
    ),
  );

const meetingLine = (
  overrides: Partial<MeetingLine> & Pick<MeetingLine, 'meetingId' | 'title'>,
): MeetingLine => ({
  focusGroupId: 'environmental-strategy',
  kind: 'digital',
  days: ['2023-02-07'],
  registrations: 0,
  participations: 0,
  noShows: 0,
  satisfaction: rating([0, 0, 0, 0, 0, 0]),
  usefulness: rating([0, 0, 0, 0, 0, 0]),
  responseRate: null,
  ...overrides,
});

const TITLES = {
  twoDay: 'Nätverksträff: klimat, energi och "cirkulär" upphandling',
  formula: '=HYPERLINK("https://example.invalid/x","Klicka här")',
  fairTrade: 'Fairtrade City: "Rättvis handel" i offentlig upphandling, del 2',
  lineBreak: 'Digitalt nätverksmöte:\r\nklimatanpassning i detaljplan',
  at: '@Teams: frågestund om naturvårdsavtal',
};

const MEETINGS: MeetingLine[] = [
  meetingLine({
    meetingId: 'mtg-2023-env-1',
    title: TITLES.twoDay,
    kind: 'physical',
    days: ['2023-03-14', '2023-03-15'],
    registrations: 61,
    participations: 57,
    noShows: 4,
    satisfaction: rating([0, 0, 1, 4, 19, 14]), // 5.21
    usefulness: rating([0, 1, 2, 6, 15, 14]), // 5.03
    responseRate: 0.67,
  }),
  meetingLine({
    meetingId: 'mtg-2023-nat-1',
    title: TITLES.formula,
    focusGroupId: 'nature-conservation',
    days: ['2023-04-20'],
    registrations: 25,
    participations: 23,
    noShows: 2,
    satisfaction: rating([0, 0, 0, 2, 8, 5]),
    usefulness: rating([0, 0, 1, 3, 6, 5]),
    responseRate: 0.65,
  }),
  meetingLine({
    meetingId: 'mtg-2023-fair-1',
    title: TITLES.fairTrade,
    focusGroupId: 'fair-trade',
    kind: 'physical',
    days: ['2023-05-09'],
    registrations: 14,
    participations: 12,
    noShows: 2,
    satisfaction: rating([0, 0, 0, 1, 4, 5]),
    usefulness: rating([0, 0, 1, 1, 4, 4]),
    responseRate: 0.83,
  }),
  meetingLine({
    meetingId: 'mtg-2023-env-2',
    title: TITLES.lineBreak,
    days: ['2023-06-01'],
    registrations: 2,
    noShows: 2,
  }),
  meetingLine({
    meetingId: 'mtg-2023-nat-2',
    title: TITLES.at,
    focusGroupId: 'nature-conservation',
    days: ['2023-09-21'],
    registrations: 18,
    participations: 16,
    noShows: 2,
    satisfaction: rating([0, 0, 1, 2, 5, 4]),
    usefulness: rating([0, 1, 1, 3, 4, 3]),
    responseRate: 0.75,
  }),
];

const ratingsOf = (focusGroupId: string) => {
  const lines = MEETINGS.filter((line) => line.focusGroupId === focusGroupId);
  return {
    satisfaction: combined(...lines.map((line) => line.satisfaction)),
    usefulness: combined(...lines.map((line) => line.usefulness)),
  };
};

const aYearReport = (overrides: Partial<YearReport> = {}): YearReport => ({
  year: 2023,
  generatedAt: '2024-01-12T09:30:00.000Z',
  members: {
    count: 39,
    joined: ['1462'],
    left: [],
    names: { '1438': 'Dals-Ed', '1462': 'Lilla Edet', '1480': 'Göteborg', '1490': 'Borås' },
  },
  meetings: {
    ...counts(2, 3, 1),
    byFocusGroup: {
      'environmental-strategy': counts(1, 1, 1),
      'nature-conservation': counts(0, 2, 0),
      'fair-trade': counts(1, 0, 0),
    },
    cancelled: 1,
  },
  participants: {
    ...figures({
      registrations: 120,
      cancellations: 9,
      participations: 108,
      personDays: 157,
      unique: 71,
      walkIns: 3,
      noShows: 12,
    }),
    byFocusGroup: {
      'environmental-strategy': figures({
        registrations: 63,
        participations: 57,
        personDays: 106,
        unique: 50,
      }),
      'nature-conservation': figures({ registrations: 43, participations: 39, personDays: 39, unique: 30 }),
      'fair-trade': figures({ registrations: 14, participations: 12, personDays: 12, unique: 12 }),
    },
    byKind: {
      physical: figures({ registrations: 75, participations: 69, personDays: 118, unique: 55 }),
      digital: figures({ registrations: 45, participations: 39, personDays: 39, unique: 33 }),
    },
    byMunicipality: {
      '1438': figures(),
      '1462': figures({ registrations: 5, participations: 4, personDays: 5, unique: 2 }),
      '1480': figures({ registrations: 40, participations: 37, personDays: 55, unique: 20, noShows: 3 }),
      '1490': figures({ registrations: 30, participations: 28, personDays: 40, unique: 12 }),
    },
    byRole: {
      'environmental-strategist': figures({ registrations: 70, participations: 64, unique: 38 }),
      'fairtrade-coordinator': figures({ registrations: 14, participations: 12, unique: 10 }),
    },
  },
  ratings: {
    satisfaction: combined(...MEETINGS.map((line) => line.satisfaction)),
    usefulness: combined(...MEETINGS.map((line) => line.usefulness)),
    responseRate: 0.69,
    byFocusGroup: {
      'environmental-strategy': ratingsOf('environmental-strategy'),
      'nature-conservation': ratingsOf('nature-conservation'),
      'fair-trade': ratingsOf('fair-trade'),
    },
  },
  perMeeting: MEETINGS,
  survey: {
    respondentsByYear: { '2019': 62, '2020': 52, '2021': 40, '2022': 53, '2023': 63 },
    thisYear: { year: 2023, respondents: 63, recipientsByList: { 'environmental-strategy': 180 } },
  },
  focusGroupNames: {
    'environmental-strategy': { sv: 'Miljöstrategigruppen', en: 'Environmental strategy' },
    'nature-conservation': { sv: 'Naturvårdsgruppen', en: 'Nature conservation' },
    'fair-trade': { sv: 'Rättvis handel-gruppen', en: 'Fair trade' },
  },
  ...overrides,
});

// ---------------------------------------------------------------------------------------------------
// A strict RFC 4180 reader: records end with CRLF, a bare CR or LF or quote outside quotes is an error.

const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let fieldStarted = false;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  while (index < text.length) {
    const char = text.charAt(index);
    if (!fieldStarted && char === '"') {
      index += 1;
      for (;;) {
        if (index >= text.length) throw new Error('unterminated quoted field');
        if (text.charAt(index) === '"') {
          if (text.charAt(index + 1) !== '"') break;
          field += '"';
          index += 2;
        } else {
          field += text.charAt(index);
          index += 1;
        }
      }
      index += 1;
      fieldStarted = true;
      if (index < text.length && text.charAt(index) !== ',' && !text.startsWith('\r\n', index)) {
        throw new Error(`unexpected ${JSON.stringify(text.charAt(index))} after a quoted field at ${index}`);
      }
    } else if (char === ',') {
      endField();
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      endField();
      records.push(record);
      record = [];
      index += 2;
    } else if (char === '\r' || char === '\n' || char === '"') {
      throw new Error(`bare ${JSON.stringify(char)} in an unquoted field at ${index}`);
    } else {
      field += char;
      fieldStarted = true;
      index += 1;
    }
  }
  if (fieldStarted || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
};

const BOM = '\uFEFF';
const withoutBom = (csv: string): string => {
  if (!csv.startsWith(BOM)) throw new Error('expected a byte order mark');
  return csv.slice(BOM.length);
};
const recordsOf = (report: YearReport): string[][] => parseCsv(withoutBom(yearReportCsv(report)));
const rowsWhere = (records: string[][], section: string, key: string, subkey?: string): string[][] =>
  records.filter(
    (row) => row[0] === section && row[1] === key && (subkey === undefined || row[2] === subkey),
  );
const valueAt = (records: string[][], section: string, key: string, subkey: string, metric: string) => {
  const found = records.filter(
    (row) => row[0] === section && row[1] === key && row[2] === subkey && row[3] === metric,
  );
  if (found.length !== 1)
    throw new Error(`expected one ${section},${key},${subkey},${metric} row, found ${found.length}`);
  return found[0]?.[4];
};

const FORMULA_START = /^[=+\-@\t\r]/;

describe('parseCsv, the reader these tests trust', () => {
  it('reads quoted fields with doubled quotes and an embedded CRLF, and rejects a bare LF', () => {
    // Arrange
    const text = 'a,"b,""c""\r\nd",\r\n"",x\r\n';

    // Act
    const records = parseCsv(text);

    // Assert
    expect(records).toEqual([
      ['a', 'b,"c"\r\nd', ''],
      ['', 'x'],
    ]);
    expect(() => parseCsv('a,b\nc,d\r\n')).toThrow(/bare/);
    expect(() => parseCsv('"a"b\r\n')).toThrow(/after a quoted field/);
  });
});

describe('yearReportCsv', () => {
  it('starts with a UTF-8 byte order mark and the header, and ends every record with CRLF', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const csv = yearReportCsv(report);

    // Assert
    expect(csv.startsWith(`${BOM}section,key,subkey,metric,value\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted fields, every line break is CRLF (the strict reader throws on a bare CR or LF).
    const records = parseCsv(withoutBom(csv));
    expect(records.length).toBeGreaterThan(100);
    expect(records.every((record) => record.length === 5)).toBe(true);
  });

  it('writes the figures as rows of section, key, subkey, metric and value', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const lines = withoutBom(yearReportCsv(report)).split('\r\n');

    // Assert
    expect(lines).toContain('report,,,year,2023');
    expect(lines).toContain('report,,,generatedAt,2024-01-12T09:30:00.000Z');
    expect(lines).toContain('members,,,count,39');
    expect(lines).toContain('members,joined,1462,,');
    expect(lines).toContain('meetings,,,twoDay,1');
    expect(lines).toContain('meetings,,,cancelled,1');
    expect(lines).toContain('meetings,byFocusGroup,fair-trade,physical,1');
    expect(lines).toContain('meetings,byFocusGroup,environmental-strategy,twoDay,1');
    expect(lines).toContain('participants,,,personDays,157');
    expect(lines).toContain('participants,byMunicipality,1480,participations,37');
    expect(lines).toContain('participants,byKind,physical,personDays,118');
    expect(lines).toContain('participants,byRole,fairtrade-coordinator,unique,10');
    expect(lines).toContain('ratings,,,responseRate,0.69');
    expect(lines).toContain('survey,respondentsByYear,2019,respondents,62');
    expect(lines).toContain('survey,respondentsByYear,2023,respondents,63');
    expect(lines).toContain('survey,thisYear,2023,respondents,63');
    expect(lines).toContain('survey,recipientsByList,environmental-strategy,recipients,180');
    expect(lines).toContain('labels,focusGroup,fair-trade,nameSv,Rättvis handel-gruppen');
    expect(lines).toContain('labels,focusGroup,fair-trade,nameEn,Fair trade');
    expect(lines).toContain('labels,municipality,1480,name,Göteborg');
  });

  it('writes each meeting under its id and exact title, with dot decimals, and reads them back', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const records = recordsOf(report);

    // Assert
    const twoDay = rowsWhere(records, 'perMeeting', 'mtg-2023-env-1');
    expect(twoDay.every((row) => row[2] === TITLES.twoDay)).toBe(true);
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'satisfactionMean')).toBe('5.21');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'usefulnessMean')).toBe('5.03');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'satisfaction5')).toBe('19');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'days')).toBe('2');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'firstDay')).toBe('2023-03-14');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'lastDay')).toBe('2023-03-15');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'kind')).toBe('physical');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-1', TITLES.twoDay, 'responseRate')).toBe('0.67');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-fair-1', TITLES.fairTrade, 'participations')).toBe('12');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-2', TITLES.lineBreak, 'noShows')).toBe('2');
    // The raw text quotes the title, doubling its quotes, and leaves the numbers bare.
    expect(yearReportCsv(report)).toContain(
      'perMeeting,mtg-2023-env-1,"Nätverksträff: klimat, energi och ""cirkulär"" upphandling",satisfactionMean,5.21\r\n',
    );
  });

  it('leaves the value empty for a mean nobody answered and a response rate without participants', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const records = recordsOf(report);

    // Assert
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-2', TITLES.lineBreak, 'satisfactionMean')).toBe('');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-2', TITLES.lineBreak, 'usefulnessMean')).toBe('');
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-2', TITLES.lineBreak, 'satisfactionAnswers')).toBe(
      '0',
    );
    expect(valueAt(records, 'perMeeting', 'mtg-2023-env-2', TITLES.lineBreak, 'responseRate')).toBe('');
  });

  it('lists a member municipality without participation with zeros', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const records = recordsOf(report);

    // Assert
    expect(
      rowsWhere(records, 'participants', 'byMunicipality', '1438').map((row) => [row[3], row[4]]),
    ).toEqual([
      ['registrations', '0'],
      ['cancellations', '0'],
      ['participations', '0'],
      ['personDays', '0'],
      ['unique', '0'],
      ['walkIns', '0'],
      ['noShows', '0'],
    ]);
  });

  it('neutralises titles a spreadsheet would run as formulas', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const csv = yearReportCsv(report);
    const records = parseCsv(withoutBom(csv));

    // Assert
    const formulaRows = rowsWhere(records, 'perMeeting', 'mtg-2023-nat-1');
    expect(formulaRows.length).toBeGreaterThan(0);
    expect(formulaRows.every((row) => row[2] === `'${TITLES.formula}`)).toBe(true);
    expect(
      rowsWhere(records, 'perMeeting', 'mtg-2023-nat-2').every((row) => row[2] === `'${TITLES.at}`),
    ).toBe(true);
    expect(records.flat().filter((field) => FORMULA_START.test(field))).toEqual([]);
    expect(csv).not.toMatch(/(^|,|\r\n)"?[=+\-@]/);
  });

  it('says when the figures were frozen, and leaves the date empty while the year is open', () => {
    // Arrange
    const open = aYearReport();
    const frozen = aYearReport({ frozenAt: '2024-01-15T12:00:00.000Z' });

    // Act
    const openRecords = recordsOf(open);
    const frozenRecords = recordsOf(frozen);

    // Assert
    expect(valueAt(openRecords, 'report', '', '', 'frozenAt')).toBe('');
    expect(valueAt(frozenRecords, 'report', '', '', 'frozenAt')).toBe('2024-01-15T12:00:00.000Z');
  });

  it('names the members that left, and writes nothing for a survey not yet recorded', () => {
    // Arrange
    const report = aYearReport({
      members: { count: 38, joined: [], left: ['1407'], names: { '1407': 'Öckerö' } },
      survey: { respondentsByYear: { '2022': 53 } },
    });

    // Act
    const records = recordsOf(report);

    // Assert
    expect(rowsWhere(records, 'members', 'left')).toEqual([['members', 'left', '1407', '', '']]);
    expect(rowsWhere(records, 'members', 'joined')).toEqual([]);
    expect(rowsWhere(records, 'survey', 'thisYear')).toEqual([]);
    expect(valueAt(records, 'survey', 'respondentsByYear', '2022', 'respondents')).toBe('53');
  });
});

describe('csvCell', () => {
  it.each([
    ['plain text', 'Göteborg', 'Göteborg'],
    ['a comma', 'klimat, energi', '"klimat, energi"'],
    ['a quote', 'säg "hej"', '"säg ""hej"""'],
    ['a line break', 'rad 1\r\nrad 2', '"rad 1\r\nrad 2"'],
    ['a formula', '=1+1', "'=1+1"],
    ['a formula with a comma', '=SUM(A1,A2)', `"'=SUM(A1,A2)"`],
    ['a leading plus', '+46 31 00 00 00', "'+46 31 00 00 00"],
    ['a leading minus in text', '-5', "'-5"],
    ['a leading at', '@Teams', "'@Teams"],
    ['a leading tab', '\t=cmd', "'\t=cmd"],
    ['a leading CR', '\r=cmd', `"'\r=cmd"`],
    ['an empty string', '', ''],
  ])('writes text with %s safely', (_case, value, expected) => {
    // Act
    const cell = csvCell(value);

    // Assert
    expect(cell).toBe(expected);
  });

  it('writes numbers as numbers, with a dot, and null or a non-finite number as an empty field', () => {
    // Act
    const cells = [5.21, 0, 39, 0.69, -3, null, Number.NaN, Number.POSITIVE_INFINITY].map(csvCell);

    // Assert
    expect(cells).toEqual(['5.21', '0', '39', '0.69', '-3', '', '', '']);
  });

  /** Any code point, lone surrogates included, with the characters that matter made likely. */
  const anyChar = fc.oneof(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", ' '),
    fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  );
  const anyText = fc.string({ unit: anyChar, maxLength: 30 });

  it('never yields a field a spreadsheet runs as a formula, and reads back as the text (after the apostrophe)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Act
        const cell = csvCell(text);
        const records = parseCsv(`${cell},end\r\n`);

        // Assert
        expect(cell).not.toMatch(FORMULA_START);
        expect(records).toHaveLength(1);
        const [field, end] = records[0] ?? [];
        expect(end).toBe('end');
        expect(field).not.toMatch(FORMULA_START);
        expect(field).toBe(FORMULA_START.test(text) ? `'${text}` : text);
      }),
      { numRuns: 500 },
    );
  });
});
