/**
 * The year report as one flat CSV table, for spreadsheets and for the hand-over of the data.
 *
 * Layout: `section,key,subkey,metric,value`, one figure per row, e.g.
 * `participants,byMunicipality,1480,participations,57`. Rows that only name something (a member
 * that joined) leave `metric` and `value` empty; a mean nobody answered leaves `value` empty.
 */
import { ROLES } from '../../domain/meetings/registration';
import type {
  MeetingCounts,
  ParticipationFigures,
  RatingSummary,
  YearReport,
} from '../../domain/statistics/year-report';

/** What a cell holds: text (neutralised and quoted as needed), a number (written as is) or nothing. */
export type CsvValue = string | number | null;
type Row = readonly [section: CsvValue, key: CsvValue, subkey: CsvValue, metric: CsvValue, value: CsvValue];

/**
 * UTF-8 byte order mark. Excel reads a CSV file without it in the legacy code page (Windows-1252 in
 * Sweden) and garbles å, ä and ö; with it, Excel opens the file as UTF-8. Encode the returned string
 * as UTF-8 (`text/csv; charset=utf-8`).
 */
const BOM = '\uFEFF';
/** RFC 4180 ends records with CRLF. */
const CRLF = '\r\n';

/** Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** RFC 4180: a field holding a comma, a quote or a line break is quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * TAB or CR) gets a leading apostrophe, which spreadsheets show as text; text holding a comma,
 * quote, CR or LF is quoted with inner quotes doubled (RFC 4180). Numbers are written as they are,
 * with a decimal dot, so that spreadsheets keep them numbers: the report holds no negative figure,
 * and a number cannot carry a formula. A non-finite number (a bug upstream) and `null` give an
 * empty field.
 */
export const csvCell = (value: CsvValue): string => {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const neutralised = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(neutralised) ? `"${neutralised.replaceAll('"', '""')}"` : neutralised;
};

const MEETING_COUNTS = [
  'total',
  'physical',
  'digital',
  'twoDay',
] as const satisfies readonly (keyof MeetingCounts)[];
const PARTICIPATION = [
  'registrations',
  'cancellations',
  'participations',
  'personDays',
  'unique',
  'walkIns',
  'noShows',
] as const satisfies readonly (keyof ParticipationFigures)[];
const KINDS = ['physical', 'digital'] as const;

const meetingCountRows = (key: string, subkey: string, counts: MeetingCounts): Row[] =>
  MEETING_COUNTS.map((metric) => ['meetings', key, subkey, metric, counts[metric]]);

const participationRows = (key: string, subkey: string, figures: ParticipationFigures): Row[] =>
  PARTICIPATION.map((metric) => ['participants', key, subkey, metric, figures[metric]]);

/** `<question>Mean`, `<question>Answers`, then `<question>1` … `<question>6`: the number of answers of each grade. */
const ratingRows = (
  section: string,
  key: string,
  subkey: string,
  question: 'satisfaction' | 'usefulness',
  rating: RatingSummary,
): Row[] => [
  [section, key, subkey, `${question}Mean`, rating.mean],
  [section, key, subkey, `${question}Answers`, rating.answers],
  ...rating.distribution.map(
    (answers, index): Row => [section, key, subkey, `${question}${index + 1}`, answers],
  ),
];

const surveyRows = (survey: YearReport['survey']['thisYear']): Row[] =>
  survey
    ? [
        ['survey', 'thisYear', String(survey.year), 'respondents', survey.respondents],
        ...Object.entries(survey.recipientsByList ?? {}).map(
          ([list, recipients]): Row => ['survey', 'recipientsByList', list, 'recipients', recipients],
        ),
        ...Object.entries(survey.respondentsByMunicipality ?? {}).map(
          ([code, respondents]): Row => [
            'survey',
            'respondentsByMunicipality',
            code,
            'respondents',
            respondents,
          ],
        ),
      ]
    : [];

const rows = (report: YearReport): Row[] => [
  ['report', '', '', 'year', report.year],
  ['report', '', '', 'generatedAt', report.generatedAt],
  ['report', '', '', 'frozenAt', report.frozenAt ?? null],

  ['members', '', '', 'count', report.members.count],
  ...report.members.joined.map((code): Row => ['members', 'joined', code, '', null]),
  ...report.members.left.map((code): Row => ['members', 'left', code, '', null]),

  ...meetingCountRows('', '', report.meetings),
  ['meetings', '', '', 'cancelled', report.meetings.cancelled],
  ...Object.entries(report.meetings.byFocusGroup).flatMap(([id, counts]) =>
    meetingCountRows('byFocusGroup', id, counts),
  ),

  ...participationRows('', '', report.participants),
  ...Object.entries(report.participants.byFocusGroup).flatMap(([id, figures]) =>
    participationRows('byFocusGroup', id, figures),
  ),
  ...KINDS.flatMap((kind) => participationRows('byKind', kind, report.participants.byKind[kind])),
  ...Object.entries(report.participants.byMunicipality).flatMap(([code, figures]) =>
    participationRows('byMunicipality', code, figures),
  ),
  ...ROLES.flatMap((role) => {
    const figures = report.participants.byRole[role];
    return figures ? participationRows('byRole', role, figures) : [];
  }),

  ...ratingRows('ratings', '', '', 'satisfaction', report.ratings.satisfaction),
  ...ratingRows('ratings', '', '', 'usefulness', report.ratings.usefulness),
  ['ratings', '', '', 'responseRate', report.ratings.responseRate],
  ...Object.entries(report.ratings.byFocusGroup).flatMap(([id, ratings]) => [
    ...ratingRows('ratings', 'byFocusGroup', id, 'satisfaction', ratings.satisfaction),
    ...ratingRows('ratings', 'byFocusGroup', id, 'usefulness', ratings.usefulness),
  ]),

  ...report.perMeeting.flatMap((line): Row[] => {
    const meeting = (metric: string, value: CsvValue): Row => [
      'perMeeting',
      line.meetingId,
      line.title,
      metric,
      value,
    ];
    return [
      meeting('focusGroup', line.focusGroupId),
      meeting('kind', line.kind),
      meeting('days', line.days.length),
      meeting('firstDay', line.days[0] ?? null),
      meeting('lastDay', line.days.at(-1) ?? null),
      meeting('registrations', line.registrations),
      meeting('participations', line.participations),
      meeting('noShows', line.noShows),
      ...ratingRows('perMeeting', line.meetingId, line.title, 'satisfaction', line.satisfaction),
      ...ratingRows('perMeeting', line.meetingId, line.title, 'usefulness', line.usefulness),
      meeting('responseRate', line.responseRate),
    ];
  }),

  ...Object.entries(report.survey.respondentsByYear).map(
    ([year, respondents]): Row => ['survey', 'respondentsByYear', year, 'respondents', respondents],
  ),
  ...surveyRows(report.survey.thisYear),

  ...Object.entries(report.focusGroupNames).flatMap(([id, name]): Row[] => [
    ['labels', 'focusGroup', id, 'nameSv', name.sv],
    ['labels', 'focusGroup', id, 'nameEn', name.en],
  ]),
  ...Object.entries(report.members.names).map(
    ([code, name]): Row => ['labels', 'municipality', code, 'name', name],
  ),
];

const HEADER: Row = ['section', 'key', 'subkey', 'metric', 'value'];

/**
 * The year report as CSV (RFC 4180, CRLF, UTF-8 with a byte order mark), one figure per row under
 * the header `section,key,subkey,metric,value`. Pure: everything comes from `report`.
 *
 * Sections: `report` (year, generatedAt, frozenAt), `members`, `meetings`, `participants`,
 * `ratings`, `perMeeting` (key: meeting id, subkey: title), `survey`, and `labels` (names of focus
 * groups, in Swedish and English, and of municipalities, so that the ids and codes of the other rows can be read).
 */
export const yearReportCsv = (report: YearReport): string =>
  BOM + [HEADER, ...rows(report)].map((row) => row.map(csvCell).join(',') + CRLF).join('');
