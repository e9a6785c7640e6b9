import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { MeetingLine, YearReport } from '../../../../domain/statistics/year-report';
import { escapeHtml } from '../../../../formats/mail/escape';
import { yearReportHtml } from '../../../../formats/report/report-html';
import { counts, figures, rating } from '../../../fixtures/year-report';

// Neither axe-core nor jsdom is installed, so these tests check the markup's structure with regular
// expressions over the generated page (which this module writes in a regular way) rather than
// running an accessibility engine on a DOM.

// ---------------------------------------------------------------------------------------------------
// A small year report with titles and names that need escaping.

const NO_ANSWERS = rating([0, 0, 0, 0, 0, 0]);

const TITLES = {
  twoDay: 'Nätverksträff: klimat, energi och "cirkulär" upphandling',
  script: 'Fairtrade-träff <img src=x onerror=alert(1)>',
  quote: "Naturvård i Sjuhärad – vad är 'gott nog'?",
  empty: 'Digitalt nätverksmöte: klimatanpassning & detaljplan',
};

const MEETINGS: MeetingLine[] = [
  {
    meetingId: 'mtg-2023-env-1',
    title: TITLES.twoDay,
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: ['2023-03-14', '2023-03-15'],
    registrations: 61,
    participations: 57,
    noShows: 4,
    satisfaction: rating([0, 0, 1, 4, 19, 14]), // 5.21
    usefulness: rating([0, 1, 2, 6, 15, 14]), // 5.03
    responseRate: 0.67,
  },
  {
    meetingId: 'mtg-2023-nat-1',
    title: TITLES.quote,
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: ['2023-04-20'],
    registrations: 25,
    participations: 23,
    noShows: 2,
    satisfaction: rating([0, 0, 0, 2, 8, 5]), // 5.2
    usefulness: rating([0, 0, 1, 3, 6, 5]), // 5
    responseRate: 0.65,
  },
  {
    meetingId: 'mtg-2023-fair-1',
    title: TITLES.script,
    focusGroupId: 'fair-trade',
    kind: 'physical',
    days: ['2023-05-09'],
    registrations: 14,
    participations: 12,
    noShows: 2,
    satisfaction: rating([0, 0, 0, 1, 4, 5]), // 5.4
    usefulness: rating([0, 0, 1, 1, 4, 4]), // 5.1
    responseRate: 0.83,
  },
  {
    meetingId: 'mtg-2023-env-2',
    title: TITLES.empty,
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: ['2023-06-01'],
    registrations: 2,
    participations: 0,
    noShows: 2,
    satisfaction: NO_ANSWERS,
    usefulness: NO_ANSWERS,
    responseRate: null,
  },
];

const FOCUS_GROUPS = {
  'environmental-strategy': { sv: 'Miljöstrategigruppen', en: 'Environmental strategy' },
  'nature-conservation': { sv: 'Naturvårdsgruppen', en: 'Nature conservation' },
  'fair-trade': { sv: 'Rättvis handel-gruppen <b>', en: 'Fair trade <b>' },
};

const MUNICIPALITIES = { '1438': 'Dals-Ed', '1462': 'Lilla Edet', '1480': 'Göteborg', '1490': 'Borås' };

const aYearReport = (overrides: Partial<YearReport> = {}): YearReport => ({
  year: 2023,
  generatedAt: '2024-01-12T09:30:00.000Z',
  members: { count: 39, joined: ['1462'], left: [], names: MUNICIPALITIES },
  meetings: {
    ...counts(2, 2, 1),
    byFocusGroup: {
      'environmental-strategy': counts(1, 1, 1),
      'nature-conservation': counts(0, 1, 0),
      'fair-trade': counts(1, 0, 0),
    },
    cancelled: 1,
  },
  participants: {
    ...figures({
      registrations: 102,
      cancellations: 7,
      participations: 92,
      personDays: 141,
      unique: 64,
      walkIns: 3,
      noShows: 10,
    }),
    byFocusGroup: {
      'environmental-strategy': figures({
        registrations: 63,
        participations: 57,
        personDays: 106,
        unique: 50,
      }),
      'nature-conservation': figures({ registrations: 25, participations: 23, personDays: 23, unique: 23 }),
      'fair-trade': figures({ registrations: 14, participations: 12, personDays: 12, unique: 12 }),
    },
    byKind: {
      physical: figures({ registrations: 75, participations: 69, personDays: 118, unique: 55 }),
      digital: figures({ registrations: 27, participations: 23, personDays: 23, unique: 23 }),
    },
    byMunicipality: {
      '1480': figures({ registrations: 40, participations: 37, personDays: 55, unique: 20 }),
      '1490': figures({ registrations: 30, participations: 28, personDays: 40, unique: 12 }),
      '1462': figures({ registrations: 5, participations: 4, personDays: 5, unique: 2 }),
      '1438': figures(),
    },
    byRole: { 'environmental-strategist': figures({ registrations: 70, participations: 64, unique: 38 }) },
  },
  ratings: {
    satisfaction: rating([0, 0, 1, 7, 31, 24]), // 5.24
    usefulness: rating([0, 1, 4, 10, 25, 23]), // 5.03
    responseRate: 0.68,
    byFocusGroup: {
      'environmental-strategy': {
        satisfaction: rating([0, 0, 1, 4, 19, 14]),
        usefulness: rating([0, 1, 2, 6, 15, 14]),
      },
      'nature-conservation': {
        satisfaction: rating([0, 0, 0, 2, 8, 5]),
        usefulness: rating([0, 0, 1, 3, 6, 5]),
      },
      'fair-trade': { satisfaction: rating([0, 0, 0, 1, 4, 5]), usefulness: rating([0, 0, 1, 1, 4, 4]) },
    },
  },
  perMeeting: MEETINGS,
  survey: {
    respondentsByYear: { '2019': 62, '2020': 52, '2021': 40, '2022': 53, '2023': 63 },
    thisYear: { year: 2023, respondents: 63 },
  },
  focusGroupNames: FOCUS_GROUPS,
  ...overrides,
});

// ---------------------------------------------------------------------------------------------------
// Reading the page

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

const styleText = (html: string): string => {
  const match = /<style>([\s\S]*?)<\/style>/.exec(html);
  if (!match) throw new Error('no <style> element');
  return match[1] ?? '';
};

const section = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) throw new Error(`no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
};

const svgsOf = (html: string): string[] => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
const tablesOf = (html: string): string[] => html.match(/<table[\s\S]*?<\/table>/g) ?? [];

/** The cells of the table row whose header cell is `header` (escaped as the page shows it). */
const rowCells = (table: string, header: string): string[] => {
  const rows = table.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((candidate) => candidate.includes(`<th scope="row">${header}</th>`));
  if (!row) throw new Error(`no row for ${header}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((match) => match[1] ?? '');
};

const textsOf = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');

/** "5,21" in Swedish uses an ordinary comma; percentages and groups use a no-break space. */
const nbsp = (text: string): string => text.replace(/ /g, '\u00a0');

describe('yearReportHtml', () => {
  it('runs nothing, loads nothing and keeps all CSS in one style element whose hash it returns', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html, styleHash } = yearReportHtml(report);

    // Assert
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\sstyle\s*=/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<[^>]*\s(src|href|srcset|action|xlink:href)\s*=/i);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(styleHash).toBe(`'sha256-${sha256(styleText(html))}'`);
  });

  it('is a document with a language, a character set, a viewport, a title and print styles', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Kommunnätverket — årsrapport 2023</title>');
    expect(html).toContain('<h1>Kommunnätverket — årsrapport 2023</h1>');
    expect(styleText(html)).toContain('@media print');
  });

  it('shows every title and name escaped, never as markup', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    for (const text of [
      ...Object.values(TITLES),
      ...Object.values(FOCUS_GROUPS).map((name) => name.sv),
      ...Object.values(MUNICIPALITIES),
    ]) {
      expect(html).toContain(escapeHtml(text));
    }
    expect(html).toContain('Fairtrade-träff &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain(TITLES.twoDay);
  });

  it('keeps headings in order, captions every table and scopes every header cell', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((match) => Number(match[1]));
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => {
      expect(level).toBeLessThanOrEqual((levels[index - 1] ?? 0) + 1);
    });
    const tables = tablesOf(html);
    expect(tables).toHaveLength(7);
    for (const table of tables) expect(table).toMatch(/^<table[^>]*><caption[^>]*>[^<]+<\/caption>/);
    const headerCells = html.match(/<th[\s>][^>]*/g) ?? [];
    expect(headerCells.length).toBeGreaterThan(20);
    for (const cell of headerCells) expect(cell).toMatch(/scope="(col|row)"/);
  });

  it('draws three charts, each an image with a title and a description it is labelled by', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const svgs = svgsOf(html);
    expect(svgs).toHaveLength(3);
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(3);
    for (const svg of svgs) {
      const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1];
      const describedBy = /aria-describedby="([^"]+)"/.exec(svg)?.[1];
      expect(svg).toMatch(new RegExp(`<title id="${labelledBy}">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${describedBy}">[^<]+</desc>`));
      // Ticks and labels are text in the picture, not colour alone.
      expect(textsOf(svg).length).toBeGreaterThan(5);
    }
  });

  it('charts the participations per meeting and gives the same numbers in a table', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const part = section(html, 'participants-per-meeting');
    const [svg] = svgsOf(part);
    const [table] = tablesOf(part);
    const chartTexts = textsOf(svg ?? '');
    expect(chartTexts).toEqual(expect.arrayContaining(['0', '20', '40', '60', '57', '23', '12']));
    expect(chartTexts).toContain(escapeHtml(`14 mars–15 mars · ${TITLES.twoDay}`));
    expect(rowCells(table ?? '', escapeHtml(TITLES.twoDay))).toEqual([
      escapeHtml(TITLES.twoDay),
      '14 mars, 15 mars',
      'Miljöstrategigruppen',
      'Fysiskt, två dagar',
      '61',
      '57',
      '4',
    ]);
    for (const line of MEETINGS) {
      const cells = rowCells(table ?? '', escapeHtml(line.title));
      expect(cells[5]).toBe(String(line.participations));
      expect(chartTexts).toContain(String(line.participations));
    }
  });

  it('shortens a long title in the chart and gives it whole in the table', () => {
    // Arrange
    const title = `Nätverksträff om ${'mycket '.repeat(20)}långa titlar`;
    const report = aYearReport({ perMeeting: [{ ...(MEETINGS[0] as MeetingLine), title }] });

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const part = section(html, 'participants-per-meeting');
    const label = textsOf(svgsOf(part)[0] ?? '').find((text) => text.includes('Nätverksträff om'));
    expect(label).toBe(`${[...`14 mars–15 mars · ${title}`].slice(0, 79).join('')}…`);
    expect(rowCells(tablesOf(part)[0] ?? '', title)[0]).toBe(title);
  });

  it('charts satisfaction and usefulness per meeting on the 1–6 scale, and tabulates them with decimal commas', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const part = section(html, 'ratings-per-meeting');
    const [svg] = svgsOf(part);
    const [table] = tablesOf(part);
    const chartTexts = textsOf(svg ?? '');
    expect(chartTexts).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5', '6']));
    expect(chartTexts).toEqual(
      expect.arrayContaining([
        'Nöjdhet: 5,21',
        'Nytta: 5,03',
        'Nöjdhet: 5,20',
        'Nytta: 5,00',
        'Nöjdhet: inga svar',
      ]),
    );
    expect(rowCells(table ?? '', escapeHtml(TITLES.twoDay))).toEqual([
      escapeHtml(TITLES.twoDay),
      '14 mars, 15 mars',
      '5,21',
      '38',
      '5,03',
      '38',
      nbsp('67 %'),
    ]);
    expect(rowCells(table ?? '', escapeHtml(TITLES.empty)).slice(2)).toEqual([
      'inga svar',
      '0',
      'inga svar',
      '0',
      'inga deltagare',
    ]);
  });

  it('charts the survey respondents over the years and gives them in a table', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const part = section(html, 'survey');
    const [svg] = svgsOf(part);
    const [table] = tablesOf(part);
    const chartTexts = textsOf(svg ?? '');
    for (const [year, respondents] of Object.entries({ 2019: 62, 2020: 52, 2021: 40, 2022: 53, 2023: 63 })) {
      expect(chartTexts).toContain(year);
      expect(chartTexts).toContain(String(respondents));
      expect(rowCells(table ?? '', year)).toEqual([year, String(respondents)]);
    }
    expect(svg).toContain('2019: 62, 2020: 52, 2021: 40, 2022: 53, 2023: 63');
  });

  it('gives the key figures: members joined by name, meetings per focus group and kind, participation, ratings', () => {
    // Arrange
    const report = aYearReport({
      members: {
        count: 39,
        joined: ['1462'],
        left: ['1407'],
        names: { ...MUNICIPALITIES, '1407': 'Öckerö' },
      },
    });

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const part = section(html, 'key-figures');
    expect(part).toContain('<dt>Medlemskommuner</dt><dd>39</dd>');
    expect(part).toContain('<dt>Nya medlemmar under året</dt><dd>Lilla Edet (1462)</dd>');
    expect(part).toContain('<dt>Har lämnat nätverket under året</dt><dd>Öckerö (1407)</dd>');
    const [meetings, participation] = tablesOf(part);
    expect(rowCells(meetings ?? '', 'Miljöstrategigruppen')).toEqual([
      'Miljöstrategigruppen',
      '2',
      '1',
      '1',
      '1',
    ]);
    expect(rowCells(meetings ?? '', escapeHtml(FOCUS_GROUPS['fair-trade'].sv))).toEqual([
      escapeHtml(FOCUS_GROUPS['fair-trade'].sv),
      '1',
      '1',
      '0',
      '0',
    ]);
    expect(rowCells(meetings ?? '', 'Alla fokusgrupper')).toEqual(['Alla fokusgrupper', '4', '2', '1', '2']);
    expect(part).toContain('Inställda möten (ingår inte ovan): 1');
    const value = (label: string) => rowCells(participation ?? '', label)[1];
    expect(value('Unika tjänstepersoner')).toBe('64');
    expect(value('Deltaganden')).toBe('92');
    expect(value('Persondagar')).toBe('141');
    expect(value('Uteblev')).toBe('10');
    expect(value('Svarsfrekvens på utvärderingen')).toBe(nbsp('68 %'));
    expect(value('Nöjdhet, medelvärde (1–6)')).toBe('5,24 (63 svar)');
    expect(value('Nytta, medelvärde (1–6)')).toBe('5,03 (63 svar)');
  });

  it('lists every member municipality by name, those without participation too', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const [table] = tablesOf(section(html, 'municipalities'));
    const names = [...(table ?? '').matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((match) => match[1]);
    expect(names).toEqual(['Borås', 'Dals-Ed', 'Göteborg', 'Lilla Edet']);
    expect(rowCells(table ?? '', 'Göteborg')).toEqual(['Göteborg', '40', '37', '20']);
    expect(rowCells(table ?? '', 'Dals-Ed')).toEqual(['Dals-Ed', '0', '0', '0']);
  });

  it('gives the ratings per focus group and for the whole year', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const [table] = tablesOf(section(html, 'focus-group-ratings'));
    expect(rowCells(table ?? '', 'Naturvårdsgruppen')).toEqual([
      'Naturvårdsgruppen',
      '5,20',
      '15',
      '5,00',
      '15',
    ]);
    expect(rowCells(table ?? '', 'Hela året')).toEqual(['Hela året', '5,24', '63', '5,03', '63']);
  });

  it('shows the id of a focus group or municipality that has no name', () => {
    // Arrange
    const report = aYearReport({
      focusGroupNames: {},
      members: { count: 39, joined: ['1462'], left: [], names: {} },
    });

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    expect(rowCells(tablesOf(section(html, 'focus-group-ratings'))[0] ?? '', 'fair-trade')[1]).toBe('5,40');
    expect(rowCells(tablesOf(section(html, 'municipalities'))[0] ?? '', '1438')).toEqual([
      '1438',
      '0',
      '0',
      '0',
    ]);
  });

  it('says in the footer that open-year figures are preliminary', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const footer = /<footer>[\s\S]*<\/footer>/.exec(html)?.[0];
    expect(footer).toContain('Siffrorna togs fram 12 januari 2024 kl. 10:30.');
    expect(footer).toContain('Siffrorna är preliminära');
    expect(footer).not.toContain('låstes');
    expect(html).toContain('<p class="notice">Preliminära siffror');
  });

  it('says in the footer when the figures were frozen as the year closed', () => {
    // Arrange
    const report = aYearReport({
      generatedAt: '2024-01-15T11:59:00.000Z',
      frozenAt: '2024-01-15T12:00:00.000Z',
    });

    // Act
    const { html } = yearReportHtml(report);

    // Assert
    const footer = /<footer>[\s\S]*<\/footer>/.exec(html)?.[0];
    expect(footer).toContain('Siffrorna togs fram 15 januari 2024 kl. 12:59.');
    expect(footer).toContain('De låstes när året stängdes den 15 januari 2024');
    expect(html).not.toMatch(/preliminär/i);
  });

  it('speaks English when asked: language, title, labels, decimal points', () => {
    // Arrange
    const report = aYearReport({ frozenAt: '2024-01-15T12:00:00.000Z' });

    // Act
    const { html, styleHash } = yearReportHtml(report, 'en');

    // Assert
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Municipal network — annual report 2023</title>');
    for (const heading of [
      'Key figures',
      'Participation per meeting',
      'Satisfaction and usefulness per meeting',
      'Annual survey',
      'Participation per member municipality',
      'Satisfaction and usefulness per focus group',
    ]) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    const [ratings] = tablesOf(section(html, 'ratings-per-meeting'));
    expect(rowCells(ratings ?? '', escapeHtml(TITLES.twoDay)).slice(1)).toEqual([
      '14 Mar, 15 Mar',
      '5.21',
      '38',
      '5.03',
      '38',
      '67%',
    ]);
    expect(textsOf(svgsOf(html)[1] ?? '')).toContain('Satisfaction: 5.21');
    const [focusGroupRatings] = tablesOf(section(html, 'focus-group-ratings'));
    expect(rowCells(focusGroupRatings ?? '', 'Fair trade &lt;b&gt;')).toEqual([
      'Fair trade &lt;b&gt;',
      '5.40',
      '10',
      '5.10',
      '10',
    ]);
    expect(html).not.toContain('Miljöstrategigruppen');
    expect(html).not.toContain('5,21');
    expect(html).not.toMatch(/Nöjdhet|Deltaganden|Medlemskommuner/);
    expect(html).toContain('Figures generated on 12 January 2024 at 10:30.');
    expect(html).toContain('They were frozen when the year was closed on 15 January 2024');
    expect(styleHash).toBe(`'sha256-${sha256(styleText(html))}'`);
  });

  it('renders the same page for the same report (no clock, no randomness)', () => {
    // Arrange
    const report = aYearReport();

    // Act
    const first = yearReportHtml(report);
    const second = yearReportHtml(structuredClone(report));

    // Assert
    expect(second).toEqual(first);
  });
});
