import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  MAX_POPULATION_CSV_BYTES,
  type ParseResult,
  type PopulationFigure,
  parsePopulationCsv,
} from '../../../../formats/csv/population-csv';

const fixtureText = readFileSync(
  new URL('../../../fixtures/population/scb-be0101n1-vastra-gotaland.csv', import.meta.url),
  'utf8',
);

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

const figure = (code: string, year: number, population: number): PopulationFigure => ({
  code,
  year,
  population,
  referenceDate: `${year}-12-31`,
});

/** The facts the fixture copies: every filled cell of data/vg-municipalities.csv, sorted by code then year. */
const sourceFigures = (): PopulationFigure[] => {
  const [, ...rows] = readFileSync(new URL('../../../../data/vg-municipalities.csv', import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/);
  return rows.flatMap((row) => {
    const [code = '', , ...cells] = row.split(',');
    return cells.flatMap((cell, i) => (cell === '' ? [] : [figure(code, 2021 + i, Number(cell))]));
  });
};

const figuresOf = (result: ParseResult): PopulationFigure[] => {
  if (!result.ok) throw new Error(`expected figures, got issues: ${JSON.stringify(result.issues)}`);
  return result.figures;
};

const issuesOf = (result: ParseResult) => {
  if (result.ok) throw new Error(`expected issues, got ${result.figures.length} figures`);
  return result.issues;
};

describe('parsePopulationCsv, SCB export (BE0101N1)', () => {
  it('reads every municipality figure of the Västra Götaland export and nothing else', () => {
    // Arrange
    const bytes = utf8(fixtureText);

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({ ok: true, figures: sourceFigures(), layout: 'scb', encoding: 'utf-8' });
    expect(figuresOf(result)).toHaveLength(49 + 7 + 45);
  });

  it('reads the same export in Latin-1, with å, ä and ö as single bytes', () => {
    // Arrange
    const bytes = latin1(fixtureText);
    expect(bytes).toContain(0xe4); // "ä" in "Västra Götalands län" as one byte, not UTF-8's two

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({ ok: true, figures: sourceFigures(), layout: 'scb', encoding: 'latin-1' });
  });

  it('reads UTF-8 with a byte order mark', () => {
    // Arrange
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(fixtureText)]);

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({ ok: true, figures: sourceFigures(), layout: 'scb', encoding: 'utf-8' });
  });

  it('reads CRLF line endings, as a Windows download in Latin-1 has them', () => {
    // Arrange
    const bytes = latin1(crlf(fixtureText));

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({ ok: true, figures: sourceFigures(), layout: 'scb', encoding: 'latin-1' });
  });

  it('reads a semicolon export with quoted values', () => {
    // Arrange
    const text = [
      '"Folkmängden efter region och år"',
      '',
      '"region";"2022";"2023"',
      '"1490 Borås";"114445";"114592"',
      '"1480 Göteborg";"596841";"604616"',
      '',
    ].join('\n');

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [
        figure('1480', 2022, 596841),
        figure('1480', 2023, 604616),
        figure('1490', 2022, 114445),
        figure('1490', 2023, 114592),
      ],
      layout: 'scb',
      encoding: 'utf-8',
    });
  });

  it('skips Riket and the county, whose codes have two digits', () => {
    // Arrange
    const text = [
      '"region","2021"',
      '"00 Riket",10452326',
      '"14 Västra Götalands län",1744859',
      '"1440 Ale",32148',
    ].join('\n');

    // Act
    const figures = figuresOf(parsePopulationCsv(utf8(text)));

    // Assert
    expect(figures).toEqual([figure('1440', 2021, 32148)]);
  });

  it.each([['..'], ['-'], ['...'], ['""'], ['']])(
    'treats the cell %s as no figure, not as a problem',
    (missing) => {
      // Arrange
      const text = ['"region","2021","2022"', `"1440 Ale",${missing},32394`].join('\n');

      // Act
      const figures = figuresOf(parsePopulationCsv(utf8(text)));

      // Assert
      expect(figures).toEqual([figure('1440', 2022, 32394)]);
    },
  );

  it('accepts a region given by its code alone and figures grouped by spaces', () => {
    // Arrange
    const text = ['"region","2022","2023"', '"1480","596 841","604\u00a0616"'].join('\n');

    // Act
    const figures = figuresOf(parsePopulationCsv(utf8(text)));

    // Assert
    expect(figures).toEqual([figure('1480', 2022, 596841), figure('1480', 2023, 604616)]);
  });

  it('skips trailing blank lines and footnotes, also when a note runs over several lines', () => {
    // Arrange
    const text = [
      '"region","2022"',
      '"1440 Ale",32394',
      '',
      '',
      'Fotnot: Folkmängden avser den 31 december respektive år.',
      'Uppgifterna bygger på folkbokföringen.',
      '"Källa: SCB"',
      'Footnote: population on 31 December',
      '',
    ].join('\n');

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(figuresOf(result)).toEqual([figure('1440', 2022, 32394)]);
  });

  it('reads an export whose first line is the header, without a title', () => {
    // Arrange
    const text = '"Region","2023"\n"1427 Sotenäs",9052\n';

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [figure('1427', 2023, 9052)],
      layout: 'scb',
      encoding: 'utf-8',
    });
  });
});

describe('parsePopulationCsv, plain layout code,year,population', () => {
  it('reads a comma-separated file and sorts by code, then year', () => {
    // Arrange
    const text = ['code,year,population', '1480,2023,604616', '1440,2022,32394', '1480,2022,596841', ''].join(
      '\n',
    );

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [figure('1440', 2022, 32394), figure('1480', 2022, 596841), figure('1480', 2023, 604616)],
      layout: 'plain',
      encoding: 'utf-8',
    });
  });

  it('reads a semicolon-separated file with CRLF line endings', () => {
    // Arrange
    const text = crlf(['code;year;population', '1485;2022;57282', '1485;2023;57045', ''].join('\n'));

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [figure('1485', 2022, 57282), figure('1485', 2023, 57045)],
      layout: 'plain',
      encoding: 'utf-8',
    });
  });

  it('reads a header that follows a byte order mark', () => {
    // Arrange
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('code,year,population\n1440,2021,32148\n')]);

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [figure('1440', 2021, 32148)],
      layout: 'plain',
      encoding: 'utf-8',
    });
  });

  it('drops a byte order mark also when the text after it turns out to be Latin-1', () => {
    // Arrange
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...latin1('"region","2023"\n"1492 Åmål",12006\n')]);

    // Act
    const result = parsePopulationCsv(bytes);

    // Assert
    expect(result).toEqual({
      ok: true,
      figures: [figure('1492', 2023, 12006)],
      layout: 'scb',
      encoding: 'latin-1',
    });
  });

  it('reads lines ended by CR alone, as old Mac spreadsheets save them', () => {
    // Arrange
    const bytes = utf8('code;year;population\r1440;2021;32148\r1440;2022;32394\r');

    // Act
    const figures = figuresOf(parsePopulationCsv(bytes));

    // Assert
    expect(figures).toEqual([figure('1440', 2021, 32148), figure('1440', 2022, 32394)]);
  });

  it('keeps a figure given twice with the same value once', () => {
    // Arrange
    const text = ['code,year,population', '1443,2022,9703', '1443,2022,9703'].join('\n');

    // Act
    const figures = figuresOf(parsePopulationCsv(utf8(text)));

    // Assert
    expect(figures).toEqual([figure('1443', 2022, 9703)]);
  });

  it('dates each figure 31 December of its year', () => {
    // Arrange
    const text = 'code,year,population\n1496,2023,57763\n';

    // Act
    const [only] = figuresOf(parsePopulationCsv(utf8(text)));

    // Assert
    expect(only?.referenceDate).toBe('2023-12-31');
  });
});

describe('parsePopulationCsv, rejected files', () => {
  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n \r\n\n'],
  ])('rejects %s as a whole', (_, text) => {
    // Arrange
    const bytes = utf8(text);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual([{ path: 'file', message: 'the file is empty' }]);
  });

  it.each([
    ['a header in other words', 'kod,år,invånare\n1480,2022,596841\n'],
    ['a header with a column too many', 'code,year,population,name\n1480,2022,596841,Göteborg\n'],
    ['data without a header', '1480,2022,596841\n'],
    ['a header after three lines of text', 'a\nb\nc\n"region","2022"\n"1480 Göteborg",596841\n'],
  ])('rejects %s as an unknown layout', (_, text) => {
    // Arrange
    const bytes = utf8(text);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('file');
    expect(issues[0]?.message).toMatch(/^unknown layout/);
  });

  it.each([
    [
      'a 3-digit code',
      '"region","2022"\n"1440 Ale",32394\n"148 Göteborg",596841\n',
      [{ path: 'line 3', message: 'expected a 4-digit SCB municipality code, got "148 Göteborg"' }],
    ],
    [
      'a region without a code',
      '"region","2022"\n"Göteborg",596841\n',
      [{ path: 'line 2', message: 'expected a 4-digit SCB municipality code, got "Göteborg"' }],
    ],
    [
      'a negative population',
      '"region","2022"\n"1480 Göteborg",-596841\n',
      [{ path: 'line 2', message: '2022: population must be a whole number ≥ 0, got "-596841"' }],
    ],
    [
      'a decimal population',
      '"region";"2022"\n"1480 Göteborg";596841,5\n',
      [{ path: 'line 2', message: '2022: population must be a whole number ≥ 0, got "596841,5"' }],
    ],
    [
      'a text value',
      '"region","2022"\n"1480 Göteborg",många\n',
      [{ path: 'line 2', message: '2022: population must be a whole number ≥ 0, got "många"' }],
    ],
    [
      'badly grouped thousands',
      '"region","2022"\n"1480 Göteborg","59 6841"\n',
      [{ path: 'line 2', message: '2022: population must be a whole number ≥ 0, got "59 6841"' }],
    ],
    [
      'a missing column',
      '"region","2022","2023"\n"1480 Göteborg",596841\n',
      [{ path: 'line 2', message: 'wrong number of columns: expected 3 separated by ",", got 2' }],
    ],
    [
      'conflicting duplicates',
      '"region","2022"\n"1480 Göteborg",596841\n"1440 Ale",32394\n"1480 Göteborg",596842\n',
      [
        {
          path: 'line 4',
          message: '1480 2022 is given twice with different populations: 596841 on line 2, 596842 here',
        },
      ],
    ],
    [
      'a year column out of range',
      '"region","1967","2022"\n"1480 Göteborg",..,596841\n',
      [{ path: 'line 1', message: 'column 2: year must be between 1968 and 2100, got "1967"' }],
    ],
    [
      'a content column instead of a year',
      '"region","Folkmängd 2022","Folkökning 2022"\n"1480 Göteborg",596841,9292\n',
      [
        {
          path: 'line 1',
          message:
            'column 2 "Folkmängd 2022" is not a year: export the table with only the years as columns (one content, Folkmängd)',
        },
        {
          path: 'line 1',
          message:
            'column 3 "Folkökning 2022" is not a year: export the table with only the years as columns (one content, Folkmängd)',
        },
      ],
    ],
    [
      'a year in two columns',
      '"region","2022","2022"\n"1480 Göteborg",596841,596841\n',
      [{ path: 'line 1', message: 'column 3: the year 2022 appears in more than one column' }],
    ],
    [
      'no year columns',
      '"region"\n"1480 Göteborg"\n',
      [{ path: 'line 1', message: 'the header has no year columns after "region"' }],
    ],
    [
      'a malformed line in the middle of the data',
      '"Folkmängden efter region och år"\n\n"region","2022"\n"1440 Ale",32394\nsome text\n"1480 Göteborg",596841\n"Källa: SCB"\n',
      [{ path: 'line 5', message: 'wrong number of columns: expected 2 separated by ",", got 1' }],
    ],
    [
      'a region row after the footnotes',
      '"region","2022"\n"1440 Ale",32394\nFotnot: x\n"1480 Göteborg",596841\n',
      [{ path: 'line 4', message: 'a region row after the footnotes' }],
    ],
    [
      'a quote that is not closed',
      '"region","2022"\n"1480 Göteborg,596841\n',
      [{ path: 'line 2', message: 'a quoted value is not closed' }],
    ],
  ])('rejects an SCB export with %s, naming the line', (_, text, expected) => {
    // Arrange
    const bytes = utf8(text);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual(expected);
  });

  it.each([
    [
      'a 3-digit code',
      '148,2022,596841',
      [{ path: 'line 2', message: 'expected a 4-digit SCB municipality code, got "148"' }],
    ],
    [
      'a county code',
      '14,2022,1744859',
      [{ path: 'line 2', message: 'expected a 4-digit SCB municipality code, got "14"' }],
    ],
    [
      'a negative population',
      '1480,2022,-1',
      [{ path: 'line 2', message: 'population must be a whole number ≥ 0, got "-1"' }],
    ],
    [
      'a decimal population',
      '1480,2022,596841.5',
      [{ path: 'line 2', message: 'population must be a whole number ≥ 0, got "596841.5"' }],
    ],
    [
      'a text value',
      '1480,2022,x',
      [{ path: 'line 2', message: 'population must be a whole number ≥ 0, got "x"' }],
    ],
    [
      'a missing population',
      '1480,2022,..',
      [{ path: 'line 2', message: 'population must be a whole number ≥ 0, got ".."' }],
    ],
    [
      'a missing column',
      '1480,596841',
      [{ path: 'line 2', message: 'wrong number of columns: expected 3 separated by ",", got 2' }],
    ],
    [
      'a year before 1968',
      '1480,1967,400000',
      [{ path: 'line 2', message: 'year must be between 1968 and 2100, got "1967"' }],
    ],
    [
      'a year that is not a number',
      '1480,år 2022,596841',
      [{ path: 'line 2', message: 'year must be between 1968 and 2100, got "år 2022"' }],
    ],
    [
      'conflicting duplicates',
      '1480,2022,596841\n1480,2022,600000',
      [
        {
          path: 'line 3',
          message: '1480 2022 is given twice with different populations: 596841 on line 2, 600000 here',
        },
      ],
    ],
  ])('rejects a plain file with %s, naming the line', (_, rows, expected) => {
    // Arrange
    const bytes = utf8(`code,year,population\n${rows}\n`);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual(expected);
  });

  it('collects every problem of the file, in line order, and keeps no figure', () => {
    // Arrange
    const text = ['code,year,population', '148,2022,596841', '1440,2022,32394', '1480,1900,x', ''].join('\n');

    // Act
    const result = parsePopulationCsv(utf8(text));

    // Assert
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'line 2', message: 'expected a 4-digit SCB municipality code, got "148"' },
        { path: 'line 4', message: 'year must be between 1968 and 2100, got "1900"' },
        { path: 'line 4', message: 'population must be a whole number ≥ 0, got "x"' },
      ],
    });
  });

  it.each([
    ['an SCB export with only missing cells', '"region","2022"\n"1480 Göteborg",..\n'],
    [
      'an SCB export with only Riket and the county',
      '"region","2021"\n"00 Riket",10452326\n"14 Västra Götalands län",1744859\n',
    ],
    ['a plain file with only its header', 'code,year,population\n'],
  ])('rejects %s: no figures', (_, text) => {
    // Arrange
    const bytes = utf8(text);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual([
      { path: 'file', message: 'the file holds no population figures for any municipality' },
    ]);
  });

  it('rejects a file larger than MAX_POPULATION_CSV_BYTES without reading it', () => {
    // Arrange
    const bytes = new Uint8Array(MAX_POPULATION_CSV_BYTES + 1).fill(0x20);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual([{ path: 'file', message: 'the file is larger than 1000000 bytes' }]);
  });

  it('rejects UTF-16 text, which Excel writes as "Unicode text"', () => {
    // Arrange
    const bytes = new Uint8Array([
      0xff,
      0xfe,
      ...Buffer.from('code,year,population\n1480,2022,596841\n', 'utf16le'),
    ]);

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toEqual([
      { path: 'file', message: 'the file is UTF-16 text: save it as CSV in UTF-8 or Latin-1' },
    ]);
  });

  it('lists the first 100 problems and counts the rest', () => {
    // Arrange
    const rows = Array.from({ length: 150 }, () => '1480,2022,x');
    const bytes = utf8(['code,year,population', ...rows].join('\n'));

    // Act
    const issues = issuesOf(parsePopulationCsv(bytes));

    // Assert
    expect(issues).toHaveLength(101);
    expect(issues[99]).toEqual({
      path: 'line 101',
      message: 'population must be a whole number ≥ 0, got "x"',
    });
    expect(issues[100]).toEqual({ path: 'file', message: '50 more problems are not listed' });
  });
});
