/**
 * The year report as one printable, self-contained HTML page: no script, no external resource, no
 * `style` attribute, all CSS in one `<style>` element whose hash goes into the Content-Security-Policy.
 * Every value meets markup through the `h` template below, which escapes it.
 */
import { createHash } from 'node:crypto';
import type { Language } from '../../domain/meetings/registration';
import type {
  MeetingCounts,
  MeetingLine,
  ParticipationFigures,
  RatingSummary,
  YearReport,
} from '../../domain/statistics/year-report';
import { escapeHtml } from '../mail/escape';

// ---------------------------------------------------------------------------------------------------
// Markup: text is escaped unless it is already markup built by `h`.

interface Html {
  readonly html: string;
}
type Interpolation = string | number | Html | readonly Html[];

const isHtml = (value: Html | readonly Html[]): value is Html => 'html' in value;

const render = (value: Interpolation): string => {
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return isHtml(value) ? value.html : value.map((part) => part.html).join('');
};

/** Builds markup; every interpolated string or number goes through `escapeHtml`. */
const h = (strings: TemplateStringsArray, ...values: Interpolation[]): Html => ({
  html: strings.reduce((out, text, index) => {
    const value = values[index];
    return out + text + (value === undefined ? '' : render(value));
  }, ''),
});

const EMPTY: Html = { html: '' };

// ---------------------------------------------------------------------------------------------------
// Words and numbers

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const COPY = {
  sv: {
    title: (year: number) => `Kommunnätverket — årsrapport ${year}`,
    network: 'Kommunnätverket för hållbar utveckling',
    preliminaryNotice: 'Preliminära siffror: året är inte stängt och siffrorna kan ändras.',
    keyFigures: 'Nyckeltal',
    members: 'Medlemmar',
    memberCount: 'Medlemskommuner',
    joined: 'Nya medlemmar under året',
    left: 'Har lämnat nätverket under året',
    none: 'inga',
    meetings: 'Möten',
    meetingsCaption: 'Hållna möten per fokusgrupp och mötesform',
    focusGroup: 'Fokusgrupp',
    allFocusGroups: 'Alla fokusgrupper',
    total: 'Möten',
    physical: 'Fysiska',
    twoDay: 'varav tvådagars',
    digital: 'Digitala',
    cancelled: 'Inställda möten (ingår inte ovan)',
    participation: 'Deltagande och utvärdering',
    participationCaption: 'Deltagande och utvärdering under året',
    figure: 'Nyckeltal',
    value: 'Värde',
    unique: 'Unika tjänstepersoner',
    participations: 'Deltaganden',
    personDays: 'Persondagar',
    registrations: 'Anmälningar',
    cancellations: 'Avbokningar',
    walkIns: 'Deltog utan anmälan',
    noShows: 'Uteblev',
    responseRate: 'Svarsfrekvens på utvärderingen',
    satisfactionMean: 'Nöjdhet, medelvärde (1–6)',
    usefulnessMean: 'Nytta, medelvärde (1–6)',
    answers: (count: string) => `${count} svar`,
    noAnswers: 'inga svar',
    noParticipants: 'inga deltagare',
    participantsPerMeeting: 'Deltagande per möte',
    participantsChartTitle: (year: number) => `Deltaganden per möte ${year}`,
    participantsChartDesc: (meetings: string, top: string, title: string) =>
      `Liggande stapeldiagram med antalet deltaganden på vart och ett av årets ${meetings} möten. ` +
      `Flest deltaganden, ${top}, hade ${title}. Samma siffror finns i tabellen under diagrammet.`,
    participantsCaption: 'Anmälningar, deltaganden och uteblivna per möte',
    meeting: 'Möte',
    dates: 'Datum',
    kind: 'Mötesform',
    kindPhysical: 'Fysiskt',
    kindPhysicalTwoDays: 'Fysiskt, två dagar',
    kindDigital: 'Digitalt',
    noMeetings: 'Inga möten hölls under året.',
    ratingsPerMeeting: 'Nöjdhet och nytta per möte',
    ratingsChartTitle: (year: number) => `Nöjdhet och nytta per möte ${year}, medelvärde på skalan 1–6`,
    ratingsChartDesc: (meetings: string, satisfaction: string, usefulness: string) =>
      `Liggande stapeldiagram med två staplar per möte för årets ${meetings} möten: nöjdhet (hel stapel) ` +
      `och nytta (randig stapel), medelvärden på skalan 1 till 6. För hela året: nöjdhet ${satisfaction}, ` +
      `nytta ${usefulness}. Samma siffror finns i tabellen under diagrammet.`,
    ratingsCaption: 'Nöjdhet, nytta och svarsfrekvens per möte',
    satisfaction: 'Nöjdhet',
    usefulness: 'Nytta',
    scale: 'Medelvärde, skala 1–6',
    survey: 'Årsenkäten',
    surveyChartTitle: 'Antal svarande på årsenkäten per år',
    surveyChartDesc: (values: string) =>
      `Stapeldiagram med antalet svarande på årsenkäten per år: ${values}. Samma siffror finns i tabellen under diagrammet.`,
    surveyCaption: 'Svarande på årsenkäten per år',
    year: 'År',
    respondents: 'Svarande',
    noSurvey: 'Inga enkätsvar är registrerade.',
    municipalities: 'Deltagande per medlemskommun',
    municipalitiesCaption: 'Anmälningar, deltaganden och unika deltagare per medlemskommun',
    municipality: 'Kommun',
    uniquePeople: 'Unika deltagare',
    ratingsPerFocusGroup: 'Nöjdhet och nytta per fokusgrupp',
    ratingsPerFocusGroupCaption: 'Medelvärden (skala 1–6) och antal svar per fokusgrupp',
    satisfactionAnswers: 'Svar, nöjdhet',
    usefulnessAnswers: 'Svar, nytta',
    wholeYear: 'Hela året',
    generated: (when: string) => `Siffrorna togs fram ${when}.`,
    frozen: (day: string) => `De låstes när året stängdes den ${day} och ändras inte längre.`,
    preliminary: 'Siffrorna är preliminära: året är inte stängt och de kan ändras.',
    at: 'kl.',
  },
  en: {
    title: (year: number) => `Municipal network — annual report ${year}`,
    network: 'Municipal network for sustainable development',
    preliminaryNotice: 'Preliminary figures: the year is not closed and the figures may change.',
    keyFigures: 'Key figures',
    members: 'Members',
    memberCount: 'Member municipalities',
    joined: 'Joined during the year',
    left: 'Left the network during the year',
    none: 'none',
    meetings: 'Meetings',
    meetingsCaption: 'Meetings held per focus group and kind',
    focusGroup: 'Focus group',
    allFocusGroups: 'All focus groups',
    total: 'Meetings',
    physical: 'Physical',
    twoDay: 'of which two-day',
    digital: 'Digital',
    cancelled: 'Cancelled meetings (not included above)',
    participation: 'Participation and evaluation',
    participationCaption: 'Participation and evaluation during the year',
    figure: 'Figure',
    value: 'Value',
    unique: 'Unique officials',
    participations: 'Participations',
    personDays: 'Person-days',
    registrations: 'Registrations',
    cancellations: 'Cancellations',
    walkIns: 'Attended without registering',
    noShows: 'No-shows',
    responseRate: 'Evaluation response rate',
    satisfactionMean: 'Satisfaction, mean (1–6)',
    usefulnessMean: 'Usefulness, mean (1–6)',
    answers: (count: string) => `${count} answers`,
    noAnswers: 'no answers',
    noParticipants: 'no participants',
    participantsPerMeeting: 'Participation per meeting',
    participantsChartTitle: (year: number) => `Participations per meeting ${year}`,
    participantsChartDesc: (meetings: string, top: string, title: string) =>
      `Horizontal bar chart of the participations at each of the year's ${meetings} meetings. ` +
      `The most, ${top}, were at ${title}. The same figures are in the table below the chart.`,
    participantsCaption: 'Registrations, participations and no-shows per meeting',
    meeting: 'Meeting',
    dates: 'Dates',
    kind: 'Kind',
    kindPhysical: 'Physical',
    kindPhysicalTwoDays: 'Physical, two days',
    kindDigital: 'Digital',
    noMeetings: 'No meetings were held during the year.',
    ratingsPerMeeting: 'Satisfaction and usefulness per meeting',
    ratingsChartTitle: (year: number) =>
      `Satisfaction and usefulness per meeting ${year}, mean on a 1–6 scale`,
    ratingsChartDesc: (meetings: string, satisfaction: string, usefulness: string) =>
      `Horizontal bar chart with two bars for each of the year's ${meetings} meetings: satisfaction (solid bar) ` +
      `and usefulness (striped bar), means on a scale from 1 to 6. For the whole year: satisfaction ` +
      `${satisfaction}, usefulness ${usefulness}. The same figures are in the table below the chart.`,
    ratingsCaption: 'Satisfaction, usefulness and response rate per meeting',
    satisfaction: 'Satisfaction',
    usefulness: 'Usefulness',
    scale: 'Mean, scale 1–6',
    survey: 'Annual survey',
    surveyChartTitle: 'Respondents to the annual survey per year',
    surveyChartDesc: (values: string) =>
      `Bar chart of the respondents to the annual survey per year: ${values}. The same figures are in the table below the chart.`,
    surveyCaption: 'Respondents to the annual survey per year',
    year: 'Year',
    respondents: 'Respondents',
    noSurvey: 'No survey responses are recorded.',
    municipalities: 'Participation per member municipality',
    municipalitiesCaption: 'Registrations, participations and unique participants per member municipality',
    municipality: 'Municipality',
    uniquePeople: 'Unique participants',
    ratingsPerFocusGroup: 'Satisfaction and usefulness per focus group',
    ratingsPerFocusGroupCaption: 'Means (scale 1–6) and number of answers per focus group',
    satisfactionAnswers: 'Answers, satisfaction',
    usefulnessAnswers: 'Answers, usefulness',
    wholeYear: 'Whole year',
    generated: (when: string) => `Figures generated on ${when}.`,
    frozen: (day: string) => `They were frozen when the year was closed on ${day} and no longer change.`,
    preliminary: 'The figures are preliminary: the year is not closed and they may change.',
    at: 'at',
  },
} satisfies Record<Language, unknown>;
type Copy = (typeof COPY)[Language];

interface Formats {
  copy: Copy;
  collator: Intl.Collator;
  /** 1234 → "1 234" / "1,234". */
  count: (value: number) => string;
  /** 5.2 → "5,20" / "5.20"; null → "no answers". */
  mean: (value: number | null) => string;
  /** 0.73 → "73 %" / "73%"; null → "no participants". */
  rate: (value: number | null) => string;
  /** "2023-03-14" → "14 mars" / "14 Mar". */
  day: (date: string) => string;
  /** An ISO instant → "15 januari 2024 kl. 10:30" / "15 January 2024 at 10:30", Stockholm time. */
  instant: (iso: string) => string;
  /** An ISO instant → "15 januari 2024", Stockholm date. */
  date: (iso: string) => string;
}

const ZONE = 'Europe/Stockholm';

const formatsFor = (language: Language): Formats => {
  const locale = LOCALES[language];
  const copy = COPY[language];
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const mean = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const rate = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: ZONE });
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: ZONE,
  });
  // A malformed instant is shown as it is rather than failing the whole report.
  const atInstant = (iso: string, format: (instant: Date) => string): string => {
    const instant = new Date(iso);
    return Number.isNaN(instant.getTime()) ? iso : format(instant);
  };
  return {
    copy,
    collator: new Intl.Collator(locale),
    count: (value) => count.format(value),
    mean: (value) => (value === null ? copy.noAnswers : mean.format(value)),
    rate: (value) => (value === null ? copy.noParticipants : rate.format(value)),
    day: (value) => atInstant(`${value}T12:00:00Z`, (instant) => day.format(instant)),
    instant: (iso) =>
      atInstant(iso, (instant) => `${date.format(instant)} ${copy.at} ${time.format(instant)}`),
    date: (iso) => atInstant(iso, (instant) => date.format(instant)),
  };
};

// ---------------------------------------------------------------------------------------------------
// Style: one element, hashed for the Content-Security-Policy. Colours keep at least 4.5:1 for text
// and 3:1 for bars against white (WCAG 1.4.3, 1.4.11).

const CSS = `
:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.25rem; }
h2 { font-size: 1.375rem; margin: 2.5rem 0 0.75rem; border-bottom: 2px solid #1f4e79; padding-bottom: 0.25rem; }
h3 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0.5rem 0; }
.subtitle { color: #4a4a4a; margin: 0; }
.notice { border-left: 4px solid #8a4b00; padding: 0.5rem 0.75rem; background: #fff4e5; color: #1a1a1a; font-weight: 600; }
dl { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.table-scroll { overflow-x: auto; margin: 0.75rem 0 1.5rem; }
.table-scroll:focus-visible { outline: 3px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.5rem; }
th, td { border-bottom: 1px solid #b3b3b3; padding: 0.375rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; border-bottom: 2px solid #1f4e79; }
tbody th { font-weight: 400; }
.num { text-align: right; white-space: nowrap; }
.total th, .total td { font-weight: 700; border-top: 2px solid #1f4e79; }
.chart { margin: 1rem 0 0.5rem; }
.chart svg { display: block; width: 100%; max-width: 46rem; height: auto; }
.chart text { font-family: inherit; font-size: 14px; fill: #1a1a1a; }
.chart .tick { font-size: 12px; fill: #4a4a4a; }
.chart .axis-title { font-size: 12px; fill: #4a4a4a; }
footer { margin-top: 3rem; border-top: 1px solid #b3b3b3; padding-top: 0.75rem; color: #4a4a4a; font-size: 0.9375rem; }
@media (max-width: 30rem) {
  body { padding: 0.75rem; }
  h1 { font-size: 1.5rem; }
  dl { grid-template-columns: 1fr; }
  th, td { padding: 0.25rem 0.375rem; }
}
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; color: #000000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, caption { break-after: avoid; page-break-after: avoid; }
  .chart, tr, dl { break-inside: avoid; page-break-inside: avoid; }
  .table-scroll { overflow: visible; }
  thead { display: table-header-group; }
  thead th { background: none; }
  .notice { background: none; }
  .chart svg { max-width: 100%; }
}
`;

/** `'sha256-…'` of exactly the text of the style element, as a CSP `style-src` source expression. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`;

// ---------------------------------------------------------------------------------------------------
// Charts: hand-written SVG. Every bar carries its number as text, so no meaning rests on colour.

const BAR = '#1f4e79';
const GRID = '#c8c8c8';
const AXIS = '#4a4a4a';
const WIDTH = 640;
const LABEL_CHARS = 80;

const round = (value: number): number => Math.round(value * 10) / 10;

/** Cuts a label to `max` code points with an ellipsis (the full text is in the table). */
const truncate = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** Ticks 0, step, 2·step, … up to a round maximum at or above `max` (steps of 1, 2 or 5 × 10ⁿ, at least 1). */
const countTicks = (max: number): number[] => {
  const raw = Math.max(max, 1) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
};

interface ChartText {
  id: string;
  title: string;
  desc: string;
}

/** The `<svg role="img">` frame with its accessible name (`<title>`) and description (`<desc>`). */
const svgFrame = (chart: ChartText, height: number, body: Html): Html =>
  h`<div class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${round(height)}" width="${WIDTH}" height="${round(height)}" aria-labelledby="${chart.id}-title" aria-describedby="${chart.id}-desc"><title id="${chart.id}-title">${chart.title}</title><desc id="${chart.id}-desc">${chart.desc}</desc>${body}</svg></div>`;

interface Bar {
  /** Null: no bar, only the text. */
  value: number | null;
  text: string;
  fill: string;
}
interface BarGroup {
  label: string;
  bars: Bar[];
}

/**
 * Horizontal bars, each group under its own label line (long meeting titles fit the width), a value
 * axis with ticks and grid lines above and below.
 */
const horizontalBarChart = (
  chart: ChartText,
  groups: BarGroup[],
  axis: { ticks: number[]; format: (value: number) => string; title: string },
  defs: Html = EMPTY,
  legend: Html = EMPTY,
): Html => {
  const left = 16; // half a tick label left of the axis
  const right = 150; // room for the value text after the longest bar
  const legendHeight = legend === EMPTY ? 0 : 28;
  const top = legendHeight + 30;
  const labelHeight = 20;
  const barHeight = 16;
  const barGap = 4;
  const groupGap = 12;
  const groupHeight = (group: BarGroup): number =>
    labelHeight + group.bars.length * (barHeight + barGap) + groupGap;
  const plotHeight = groups.reduce((sum, group) => sum + groupHeight(group), 0);
  const bottom = top + plotHeight;
  const height = bottom + 48;
  const min = axis.ticks[0] ?? 0;
  const max = axis.ticks.at(-1) ?? 1;
  const x = (value: number): number =>
    round(left + ((value - min) / (max - min || 1)) * (WIDTH - left - right));

  const ticks = axis.ticks.map(
    (tick) =>
      h`<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${bottom + 6}" stroke="${GRID}" stroke-width="1"/><text class="tick" x="${x(tick)}" y="${top - 10}" text-anchor="middle">${axis.format(tick)}</text><text class="tick" x="${x(tick)}" y="${bottom + 20}" text-anchor="middle">${axis.format(tick)}</text>`,
  );
  let y = top;
  const bars = groups.map((group) => {
    const groupTop = y;
    y += groupHeight(group);
    const label = h`<text x="${left - 8}" y="${round(groupTop + 14)}">${truncate(group.label, LABEL_CHARS)}</text>`;
    const rects = group.bars.map((bar, index) => {
      const barTop = round(groupTop + labelHeight + index * (barHeight + barGap));
      const end = bar.value === null ? x(min) : x(bar.value);
      const rect =
        bar.value === null
          ? EMPTY
          : h`<rect x="${x(min)}" y="${barTop}" width="${round(Math.max(0, end - x(min)))}" height="${barHeight}" fill="${bar.fill}" stroke="${BAR}" stroke-width="1"/>`;
      return h`${rect}<text x="${round(end + 6)}" y="${round(barTop + barHeight - 3)}">${bar.text}</text>`;
    });
    return h`<g>${label}${rects}</g>`;
  });
  return svgFrame(
    chart,
    height,
    h`${defs}${legend}${ticks}<line x1="${x(min)}" y1="${top - 6}" x2="${x(min)}" y2="${bottom + 6}" stroke="${AXIS}" stroke-width="2"/>${bars}<text class="axis-title" x="${round((x(min) + x(max)) / 2)}" y="${bottom + 40}" text-anchor="middle">${axis.title}</text>`,
  );
};

/** Vertical columns over a category axis (years), a value axis with ticks and grid lines. */
const columnChart = (
  chart: ChartText,
  columns: { label: string; value: number; text: string }[],
  axis: { ticks: number[]; format: (value: number) => string; title: string },
): Html => {
  const left = 56;
  const right = 16;
  const top = 28;
  const plotHeight = 220;
  const bottom = top + plotHeight;
  const height = bottom + 56;
  const max = axis.ticks.at(-1) ?? 1;
  const y = (value: number): number => round(bottom - (value / (max || 1)) * plotHeight);
  const slot = (WIDTH - left - right) / Math.max(columns.length, 1);
  const columnWidth = round(Math.min(64, slot * 0.6));
  const ticks = axis.ticks.map(
    (tick) =>
      h`<line x1="${left - 6}" y1="${y(tick)}" x2="${WIDTH - right}" y2="${y(tick)}" stroke="${GRID}" stroke-width="1"/><text class="tick" x="${left - 10}" y="${round(y(tick) + 4)}" text-anchor="end">${axis.format(tick)}</text>`,
  );
  const bars = columns.map((column, index) => {
    const centre = round(left + slot * index + slot / 2);
    return h`<g><rect x="${round(centre - columnWidth / 2)}" y="${y(column.value)}" width="${columnWidth}" height="${round(bottom - y(column.value))}" fill="${BAR}"/><text x="${centre}" y="${round(y(column.value) - 6)}" text-anchor="middle">${column.text}</text><text x="${centre}" y="${bottom + 20}" text-anchor="middle">${column.label}</text></g>`;
  });
  return svgFrame(
    chart,
    height,
    h`${ticks}<line x1="${left}" y1="${bottom}" x2="${WIDTH - right}" y2="${bottom}" stroke="${AXIS}" stroke-width="2"/>${bars}<text class="axis-title" x="${round((left + WIDTH - right) / 2)}" y="${bottom + 44}" text-anchor="middle">${axis.title}</text>`,
  );
};

// ---------------------------------------------------------------------------------------------------
// Tables

/**
 * A table in a scroll container for narrow screens; the container is focusable and named after the
 * caption so that keyboard users can scroll it.
 */
const table = (id: string, caption: string, head: Html, body: Html[]): Html =>
  h`<div class="table-scroll" role="region" aria-labelledby="${id}-caption" tabindex="0"><table id="${id}"><caption id="${id}-caption">${caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;

const colHeads = (...labels: { text: string; numeric?: boolean }[]): Html =>
  h`<tr>${labels.map((label) => (label.numeric ? h`<th scope="col" class="num">${label.text}</th>` : h`<th scope="col">${label.text}</th>`))}</tr>`;

const num = (text: string): Html => h`<td class="num">${text}</td>`;

// ---------------------------------------------------------------------------------------------------
// Sections

interface Context {
  report: YearReport;
  f: Formats;
  t: Copy;
  focusGroupName: (id: string) => string;
  municipalityName: (code: string) => string;
}

const namesOf = (codes: string[], c: Context): string =>
  codes.length === 0 ? c.t.none : codes.map((code) => `${c.municipalityName(code)} (${code})`).join(', ');

const meetingCountCells = (counts: MeetingCounts, c: Context): Html =>
  h`${num(c.f.count(counts.total))}${num(c.f.count(counts.physical))}${num(c.f.count(counts.twoDay))}${num(c.f.count(counts.digital))}`;

const keyFigures = (c: Context): Html => {
  const { report, f, t } = c;
  const participants: ParticipationFigures = report.participants;
  const figure = (label: string, value: string): Html =>
    h`<tr><th scope="row">${label}</th>${num(value)}</tr>`;
  const rating = (label: string, summary: RatingSummary): Html =>
    figure(
      label,
      summary.mean === null
        ? t.noAnswers
        : `${f.mean(summary.mean)} (${t.answers(f.count(summary.answers))})`,
    );
  return h`<section id="key-figures" aria-labelledby="key-figures-heading"><h2 id="key-figures-heading">${t.keyFigures}</h2>
<h3>${t.members}</h3>
<dl><dt>${t.memberCount}</dt><dd>${f.count(report.members.count)}</dd><dt>${t.joined}</dt><dd>${namesOf(report.members.joined, c)}</dd><dt>${t.left}</dt><dd>${namesOf(report.members.left, c)}</dd></dl>
<h3>${t.meetings}</h3>
${table(
  'meetings-table',
  t.meetingsCaption,
  colHeads(
    { text: t.focusGroup },
    { text: t.total, numeric: true },
    { text: t.physical, numeric: true },
    { text: t.twoDay, numeric: true },
    { text: t.digital, numeric: true },
  ),
  [
    ...Object.entries(report.meetings.byFocusGroup).map(
      ([id, counts]) =>
        h`<tr><th scope="row">${c.focusGroupName(id)}</th>${meetingCountCells(counts, c)}</tr>`,
    ),
    h`<tr class="total"><th scope="row">${t.allFocusGroups}</th>${meetingCountCells(report.meetings, c)}</tr>`,
  ],
)}
<p>${t.cancelled}: ${f.count(report.meetings.cancelled)}</p>
<h3>${t.participation}</h3>
${table(
  'participation-table',
  t.participationCaption,
  colHeads({ text: t.figure }, { text: t.value, numeric: true }),
  [
    figure(t.unique, f.count(participants.unique)),
    figure(t.participations, f.count(participants.participations)),
    figure(t.personDays, f.count(participants.personDays)),
    figure(t.registrations, f.count(participants.registrations)),
    figure(t.cancellations, f.count(participants.cancellations)),
    figure(t.walkIns, f.count(participants.walkIns)),
    figure(t.noShows, f.count(participants.noShows)),
    figure(t.responseRate, f.rate(report.ratings.responseRate)),
    rating(t.satisfactionMean, report.ratings.satisfaction),
    rating(t.usefulnessMean, report.ratings.usefulness),
  ],
)}
</section>`;
};

const meetingLabel = (line: MeetingLine, c: Context): string =>
  `${line.days.map((day) => c.f.day(day)).join('–')} · ${line.title}`;

const kindOf = (line: MeetingLine, t: Copy): string =>
  line.kind === 'digital' ? t.kindDigital : line.days.length > 1 ? t.kindPhysicalTwoDays : t.kindPhysical;

const participantsPerMeeting = (c: Context): Html => {
  const { report, f, t } = c;
  const lines = report.perMeeting;
  const heading = h`<h2 id="participants-heading">${t.participantsPerMeeting}</h2>`;
  if (lines.length === 0) {
    return h`<section id="participants-per-meeting" aria-labelledby="participants-heading">${heading}<p>${t.noMeetings}</p></section>`;
  }
  const most = lines.reduce((best, line) => (line.participations > best.participations ? line : best));
  const chart = horizontalBarChart(
    {
      id: 'participants-chart',
      title: t.participantsChartTitle(report.year),
      desc: t.participantsChartDesc(f.count(lines.length), f.count(most.participations), most.title),
    },
    lines.map((line) => ({
      label: meetingLabel(line, c),
      bars: [{ value: line.participations, text: f.count(line.participations), fill: BAR }],
    })),
    {
      ticks: countTicks(Math.max(...lines.map((line) => line.participations))),
      format: f.count,
      title: t.participations,
    },
  );
  const rows = lines.map(
    (line) =>
      h`<tr><th scope="row">${line.title}</th><td>${line.days.map((day) => f.day(day)).join(', ')}</td><td>${c.focusGroupName(line.focusGroupId)}</td><td>${kindOf(line, t)}</td>${num(f.count(line.registrations))}${num(f.count(line.participations))}${num(f.count(line.noShows))}</tr>`,
  );
  return h`<section id="participants-per-meeting" aria-labelledby="participants-heading">${heading}
${chart}
${table(
  'participants-table',
  t.participantsCaption,
  colHeads(
    { text: t.meeting },
    { text: t.dates },
    { text: t.focusGroup },
    { text: t.kind },
    { text: t.registrations, numeric: true },
    { text: t.participations, numeric: true },
    { text: t.noShows, numeric: true },
  ),
  rows,
)}
</section>`;
};

const HATCH_ID = 'ratings-chart-hatch';
const HATCH = `url(#${HATCH_ID})`;

const ratingsPerMeeting = (c: Context): Html => {
  const { report, f, t } = c;
  const lines = report.perMeeting;
  const heading = h`<h2 id="ratings-heading">${t.ratingsPerMeeting}</h2>`;
  if (lines.length === 0) {
    return h`<section id="ratings-per-meeting" aria-labelledby="ratings-heading">${heading}<p>${t.noMeetings}</p></section>`;
  }
  const bar = (name: string, summary: RatingSummary, fill: string): Bar => ({
    value: summary.mean,
    text: `${name}: ${f.mean(summary.mean)}`,
    fill,
  });
  const defs = h`<defs><pattern id="${HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="${BAR}"/></pattern></defs>`;
  const legend = h`<g><rect x="8" y="6" width="18" height="14" fill="${BAR}" stroke="${BAR}" stroke-width="1"/><text x="32" y="18">${t.satisfaction}</text><rect x="168" y="6" width="18" height="14" fill="${HATCH}" stroke="${BAR}" stroke-width="1"/><text x="192" y="18">${t.usefulness}</text></g>`;
  const chart = horizontalBarChart(
    {
      id: 'ratings-chart',
      title: t.ratingsChartTitle(report.year),
      desc: t.ratingsChartDesc(
        f.count(lines.length),
        f.mean(report.ratings.satisfaction.mean),
        f.mean(report.ratings.usefulness.mean),
      ),
    },
    lines.map((line) => ({
      label: meetingLabel(line, c),
      bars: [bar(t.satisfaction, line.satisfaction, BAR), bar(t.usefulness, line.usefulness, HATCH)],
    })),
    { ticks: [1, 2, 3, 4, 5, 6], format: f.count, title: t.scale },
    defs,
    legend,
  );
  const rows = lines.map(
    (line) =>
      h`<tr><th scope="row">${line.title}</th><td>${line.days.map((day) => f.day(day)).join(', ')}</td>${num(f.mean(line.satisfaction.mean))}${num(f.count(line.satisfaction.answers))}${num(f.mean(line.usefulness.mean))}${num(f.count(line.usefulness.answers))}${num(f.rate(line.responseRate))}</tr>`,
  );
  return h`<section id="ratings-per-meeting" aria-labelledby="ratings-heading">${heading}
${chart}
${table(
  'ratings-table',
  t.ratingsCaption,
  colHeads(
    { text: t.meeting },
    { text: t.dates },
    { text: t.satisfactionMean, numeric: true },
    { text: t.satisfactionAnswers, numeric: true },
    { text: t.usefulnessMean, numeric: true },
    { text: t.usefulnessAnswers, numeric: true },
    { text: t.responseRate, numeric: true },
  ),
  rows,
)}
</section>`;
};

const surveyOverYears = (c: Context): Html => {
  const { report, f, t } = c;
  const years = Object.entries(report.survey.respondentsByYear)
    .map(([year, respondents]) => ({ year, respondents }))
    .sort((a, b) => Number(a.year) - Number(b.year));
  const heading = h`<h2 id="survey-heading">${t.survey}</h2>`;
  if (years.length === 0) {
    return h`<section id="survey" aria-labelledby="survey-heading">${heading}<p>${t.noSurvey}</p></section>`;
  }
  const chart = columnChart(
    {
      id: 'survey-chart',
      title: t.surveyChartTitle,
      desc: t.surveyChartDesc(
        years.map(({ year, respondents }) => `${year}: ${f.count(respondents)}`).join(', '),
      ),
    },
    years.map(({ year, respondents }) => ({ label: year, value: respondents, text: f.count(respondents) })),
    {
      ticks: countTicks(Math.max(...years.map(({ respondents }) => respondents))),
      format: f.count,
      title: t.respondents,
    },
  );
  return h`<section id="survey" aria-labelledby="survey-heading">${heading}
${chart}
${table(
  'survey-table',
  t.surveyCaption,
  colHeads({ text: t.year }, { text: t.respondents, numeric: true }),
  years.map(({ year, respondents }) => h`<tr><th scope="row">${year}</th>${num(f.count(respondents))}</tr>`),
)}
</section>`;
};

const participationPerMunicipality = (c: Context): Html => {
  const { report, f, t } = c;
  const rows = Object.entries(report.participants.byMunicipality)
    .map(([code, figures]) => ({ name: c.municipalityName(code), figures }))
    .sort((a, b) => c.f.collator.compare(a.name, b.name))
    .map(
      ({ name, figures }) =>
        h`<tr><th scope="row">${name}</th>${num(f.count(figures.registrations))}${num(f.count(figures.participations))}${num(f.count(figures.unique))}</tr>`,
    );
  return h`<section id="municipalities" aria-labelledby="municipalities-heading"><h2 id="municipalities-heading">${t.municipalities}</h2>
${table(
  'municipalities-table',
  t.municipalitiesCaption,
  colHeads(
    { text: t.municipality },
    { text: t.registrations, numeric: true },
    { text: t.participations, numeric: true },
    { text: t.uniquePeople, numeric: true },
  ),
  rows,
)}
</section>`;
};

const ratingsPerFocusGroup = (c: Context): Html => {
  const { report, f, t } = c;
  const cells = (ratings: { satisfaction: RatingSummary; usefulness: RatingSummary }): Html =>
    h`${num(f.mean(ratings.satisfaction.mean))}${num(f.count(ratings.satisfaction.answers))}${num(f.mean(ratings.usefulness.mean))}${num(f.count(ratings.usefulness.answers))}`;
  return h`<section id="focus-group-ratings" aria-labelledby="focus-group-ratings-heading"><h2 id="focus-group-ratings-heading">${t.ratingsPerFocusGroup}</h2>
${table(
  'focus-group-ratings-table',
  t.ratingsPerFocusGroupCaption,
  colHeads(
    { text: t.focusGroup },
    { text: t.satisfactionMean, numeric: true },
    { text: t.satisfactionAnswers, numeric: true },
    { text: t.usefulnessMean, numeric: true },
    { text: t.usefulnessAnswers, numeric: true },
  ),
  [
    ...Object.entries(report.ratings.byFocusGroup).map(
      ([id, ratings]) => h`<tr><th scope="row">${c.focusGroupName(id)}</th>${cells(ratings)}</tr>`,
    ),
    h`<tr class="total"><th scope="row">${t.wholeYear}</th>${cells(report.ratings)}</tr>`,
  ],
)}
</section>`;
};

const footer = (c: Context): Html => {
  const { report, f, t } = c;
  const status = report.frozenAt === undefined ? t.preliminary : t.frozen(f.date(report.frozenAt));
  return h`<footer><p>${t.generated(f.instant(report.generatedAt))} ${status}</p></footer>`;
};

/**
 * The year report as a printable HTML page in Swedish (default) or English. Pure: everything comes
 * from `report`. The page loads nothing and runs nothing; its only CSS is one `<style>` element.
 *
 * @returns `html`, and `styleHash`: the CSP source expression of that style element, quotes included
 *   (`'sha256-…'`), to serve the page with `style-src ${styleHash}`.
 */
export const yearReportHtml = (
  report: YearReport,
  language: Language = 'sv',
): { html: string; styleHash: string } => {
  const f = formatsFor(language);
  const t = f.copy;
  const c: Context = {
    report,
    f,
    t,
    focusGroupName: (id) => report.focusGroupNames[id]?.[language] ?? id,
    municipalityName: (code) => report.members.names[code] ?? code,
  };
  const title = t.title(report.year);
  const notice = report.frozenAt === undefined ? h`<p class="notice">${t.preliminaryNotice}</p>` : EMPTY;
  const page = h`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${{ html: CSS }}</style>
</head>
<body>
<header><h1>${title}</h1><p class="subtitle">${t.network}</p>${notice}</header>
<main>
${keyFigures(c)}
${participantsPerMeeting(c)}
${ratingsPerMeeting(c)}
${surveyOverYears(c)}
${participationPerMunicipality(c)}
${ratingsPerFocusGroup(c)}
</main>
${footer(c)}
</body>
</html>
`;
  return { html: page.html, styleHash: STYLE_HASH };
};
