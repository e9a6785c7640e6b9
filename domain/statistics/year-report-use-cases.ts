import type { StoredEvent } from '../../events/catalogue';
import { ErrorCode, RuleViolationError, ValidationError } from '../errors';
import type {
  Clock,
  EventStore,
  FocusGroupCatalogue,
  MeetingCalendar,
  MemberRegistry,
  ReportArchive,
  StatisticsBook,
} from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { buildYearReport } from './build-year-report';
import { countEvent, meetingYear } from './count-event';
import type { SurveyFigures, YearReport } from './year-report';

export interface ReportPorts {
  statistics: StatisticsBook;
  archive: ReportArchive;
  registry: MemberRegistry;
  focusGroups: FocusGroupCatalogue;
  clock: Clock;
}

/** The first year the network has figures for (the survey series starts in 2019). */
export const FIRST_REPORT_YEAR = 2019;

const currentReport = async (ports: ReportPorts, year: number, frozenAt?: string): Promise<YearReport> => {
  const now = ports.clock.now();
  const [figures, municipalities, focusGroups, surveys] = await Promise.all([
    ports.statistics.yearFigures(year),
    ports.registry.municipalities(),
    ports.focusGroups.focusGroups(),
    ports.archive.surveys(),
  ]);
  return buildYearReport({
    year,
    generatedAt: now.toISOString(),
    today: stockholmDate(now),
    ...(frozenAt ? { frozenAt } : {}),
    figures,
    municipalities,
    focusGroups,
    surveys,
  });
};

/**
 * `GET /api/admin/reports/{year}`: the frozen report of a closed year, exactly as it was frozen;
 * for an open year the figures as they stand (no `frozenAt`).
 * @throws ValidationError for a year before the network's figures or after the current one
 */
export const yearReport = async (ports: ReportPorts, year: number): Promise<YearReport> => {
  const currentYear = Number(stockholmDate(ports.clock.now()).slice(0, 4));
  if (year < FIRST_REPORT_YEAR || year > currentYear) {
    throw new ValidationError([
      { path: 'year', message: `Choose a year from ${FIRST_REPORT_YEAR} to ${currentYear}` },
    ]);
  }
  return (await ports.archive.frozen(year)) ?? currentReport(ports, year);
};

/**
 * Freezes a closed year's report (consumer of `YearClosed`): the figures as they stand now, with
 * the time they were taken. Once: a redelivered `YearClosed` keeps the first snapshot, and later
 * corrections or erasures change nothing in it.
 */
export const freezeYearReport = async (ports: ReportPorts, year: number): Promise<'frozen' | 'already'> => {
  if (await ports.archive.frozen(year)) return 'already';
  const report = await currentReport(ports, year, ports.clock.now().toISOString());
  return (await ports.archive.freeze(report)) ? 'frozen' : 'already';
};

export interface SurveyInput {
  respondents: number;
  recipientsByList?: Record<string, number>;
  respondentsByMunicipality?: Record<string, number>;
}

/**
 * Records a year's December survey (`PUT /api/admin/surveys/{year}`); earlier years can be entered
 * with their respondents only. Recording again replaces the year's figures, until its report is
 * frozen (422 REPORT_FROZEN: a frozen report does not change).
 * @throws ValidationError for an unknown mailing list or municipality, or more respondents per
 *   municipality than in all
 */
export const recordSurvey = async (
  ports: ReportPorts,
  year: number,
  input: SurveyInput,
): Promise<SurveyFigures> => {
  const currentYear = Number(stockholmDate(ports.clock.now()).slice(0, 4));
  if (year < FIRST_REPORT_YEAR || year > currentYear) {
    throw new ValidationError([
      { path: 'year', message: `Choose a year from ${FIRST_REPORT_YEAR} to ${currentYear}` },
    ]);
  }
  const [groups, municipalities] = await Promise.all([
    ports.focusGroups.focusGroups(),
    ports.registry.municipalities(),
  ]);
  const issues = [];
  const groupIds = new Set(groups.map((group) => group.id));
  for (const list of Object.keys(input.recipientsByList ?? {}))
    if (!groupIds.has(list))
      issues.push({ path: `recipientsByList.${list}`, message: 'No such focus group' });
  const codes = new Set(municipalities.map((m) => m.code));
  for (const code of Object.keys(input.respondentsByMunicipality ?? {}))
    if (!codes.has(code))
      issues.push({ path: `respondentsByMunicipality.${code}`, message: 'No such municipality' });
  const perMunicipality = Object.values(input.respondentsByMunicipality ?? {}).reduce((a, b) => a + b, 0);
  if (perMunicipality > input.respondents) {
    issues.push({
      path: 'respondentsByMunicipality',
      message: `Adds up to ${perMunicipality}, more than the ${input.respondents} respondents`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  if (await ports.archive.frozen(year)) {
    throw new RuleViolationError(
      ErrorCode.REPORT_FROZEN,
      `The report of ${year} is frozen; its survey can no longer change`,
    );
  }
  const survey: SurveyFigures = {
    year,
    respondents: input.respondents,
    ...(input.recipientsByList ? { recipientsByList: input.recipientsByList } : {}),
    ...(input.respondentsByMunicipality
      ? { respondentsByMunicipality: input.respondentsByMunicipality }
      : {}),
  };
  await ports.archive.saveSurvey(survey, {
    detailType: 'SurveyRecorded',
    detail: { year, respondents: input.respondents },
  });
  return survey;
};

/** Events that touch a meeting's figures, with the meeting they touch. */
const meetingOf = (event: StoredEvent): string | undefined =>
  'meetingId' in event.detail ? event.detail.meetingId : undefined;

/**
 * Recomputes a year's statistics from the stored events (`npm run rebuild-stats -- <year>`): finds
 * the meetings of the year from the meeting events (the year of a meeting's first day, after its
 * last move), forgets their running figures, and counts every stored event about them again, in
 * the order they occurred. Events of the year before and after are read too: registrations come
 * before a January meeting, evaluations after a December one.
 * @returns how many meetings and events were counted
 */
export const rebuildStatistics = async (
  ports: { statistics: StatisticsBook; meetings: MeetingCalendar; events: EventStore },
  year: number,
): Promise<{ meetings: number; events: number }> => {
  const events = (await Promise.all([year - 1, year, year + 1].map((y) => ports.events.eventsOfYear(y))))
    .flat()
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
  const daysOf = new Map<string, string[]>();
  for (const event of events) {
    if (event.detailType === 'MeetingScheduled' || event.detailType === 'MeetingRescheduled') {
      const { meetingId, days } = event.detail as { meetingId: string; days: string[] };
      daysOf.set(meetingId, days);
    }
  }
  const meetingIds = [...daysOf].filter(([, days]) => meetingYear(days) === year).map(([id]) => id);
  const ofYear = new Set(meetingIds);
  await ports.statistics.clear(year, meetingIds);
  let counted = 0;
  for (const event of events) {
    const meetingId = meetingOf(event);
    if (!meetingId || !ofYear.has(meetingId)) continue;
    await countEvent(ports, event);
    counted += 1;
  }
  return { meetings: meetingIds.length, events: counted };
};
