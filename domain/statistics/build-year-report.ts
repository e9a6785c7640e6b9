import type { FocusGroup } from '../meetings/focus-group';
import type { MeetingKind } from '../meetings/meeting';
import { ROLES, type Role } from '../meetings/registration';
import { isMemberOn, type Municipality } from '../members/municipality';
import type { Counters, MeetingFacts } from '../ports';
import type {
  MeetingCounts,
  MeetingLine,
  ParticipationFigures,
  RatingSummary,
  SurveyFigures,
  YearReport,
} from './year-report';

export interface YearReportInputs {
  year: number;
  /** When the report is made (ISO instant) and the Stockholm date of that moment. */
  generatedAt: string;
  today: string;
  /** Set when the report is frozen at the closing of the year. */
  frozenAt?: string;
  figures: { meetings: Array<MeetingFacts & { counters: Counters }>; year: Counters };
  municipalities: readonly Municipality[];
  focusGroups: readonly FocusGroup[];
  surveys: readonly SurveyFigures[];
}

const METRICS = [
  'registrations',
  'cancellations',
  'seatsHeld',
  'participations',
  'personDays',
  'walkIns',
  'attendedRegistered',
] as const;

const zeroFigures = (): ParticipationFigures => ({
  registrations: 0,
  cancellations: 0,
  participations: 0,
  personDays: 0,
  unique: 0,
  walkIns: 0,
  noShows: 0,
});

const zeroCounts = (): MeetingCounts => ({ total: 0, physical: 0, digital: 0, twoDay: 0 });

/** A meeting's figures in one slice (`all`, `municipality:<code>`, `role:<role>`); `unique` is per year, added later. */
const sliceOf = (counters: Counters, slice: string): ParticipationFigures => {
  const value = (metric: (typeof METRICS)[number]) => counters[`${slice}#${metric}`] ?? 0;
  return {
    registrations: value('registrations'),
    cancellations: value('cancellations'),
    participations: value('participations'),
    personDays: value('personDays'),
    unique: 0,
    walkIns: value('walkIns'),
    // Seats held at the end that nobody used; walk-ins and people who came from the queue do not offset it below 0.
    noShows: Math.max(0, value('seatsHeld') - value('attendedRegistered')),
  };
};

const add = (into: ParticipationFigures, more: ParticipationFigures): void => {
  into.registrations += more.registrations;
  into.cancellations += more.cancellations;
  into.participations += more.participations;
  into.personDays += more.personDays;
  into.walkIns += more.walkIns;
  into.noShows += more.noShows;
};

/** The map's entry for `key`, made first if missing. */
const entryOf = <T>(map: Record<string, T>, key: string, make: () => T): T => {
  const found = map[key];
  if (found !== undefined) return found;
  const made = make();
  map[key] = made;
  return made;
};

const round2 = (value: number): number => Math.round(value * 100) / 100;

const distributionOf = (
  counters: Counters,
  question: 'satisfaction' | 'usefulness',
): RatingSummary['distribution'] =>
  [1, 2, 3, 4, 5, 6].map((score) => counters[`${question}:${score}`] ?? 0) as RatingSummary['distribution'];

export const ratingSummary = (distribution: RatingSummary['distribution']): RatingSummary => {
  const answers = distribution.reduce((sum, count) => sum + count, 0);
  const total = distribution.reduce((sum, count, index) => sum + count * (index + 1), 0);
  return { mean: answers === 0 ? null : round2(total / answers), distribution: [...distribution], answers };
};

const addDistribution = (into: RatingSummary['distribution'], more: RatingSummary['distribution']): void => {
  for (let i = 0; i < 6; i++) into[i] = (into[i] ?? 0) + (more[i] ?? 0);
};

const rate = (answers: number, participations: number): number | null =>
  participations === 0 ? null : round2(answers / participations);

/**
 * The year's report from its running figures. Pure.
 * - A meeting counts when it is not cancelled and its last day has come (`today`); figures of
 *   meetings still ahead are not the year's yet.
 * - Members are those of 31 December (or today, within the year); "joined" are memberships that
 *   began after 1 January of the year, "left" those that ended within it.
 * - `unique` comes from the year's counters of distinct people (a person counts once per slice).
 */
export const buildYearReport = (inputs: YearReportInputs): YearReport => {
  const { year } = inputs;
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const asOf = inputs.today < last ? inputs.today : last;

  const membersInYear = inputs.municipalities.filter((m) =>
    m.memberships.some((p) => p.from <= last && (p.to === undefined || p.to >= first)),
  );
  const members = {
    count: inputs.municipalities.filter((m) => isMemberOn(m, asOf)).length,
    joined: membersInYear
      .filter((m) => m.memberships.some((p) => p.from > first && p.from <= last))
      .map((m) => m.code)
      .sort(),
    left: membersInYear
      .filter((m) => m.memberships.some((p) => p.to !== undefined && p.to >= first && p.to <= last))
      .map((m) => m.code)
      .sort(),
    names: Object.fromEntries(membersInYear.map((m) => [m.code, m.name])),
  };

  const held = inputs.figures.meetings
    .filter((m) => m.status === 'scheduled' && (m.days[m.days.length - 1] ?? '') <= inputs.today)
    .sort(
      (a, b) => (a.days[0] ?? '').localeCompare(b.days[0] ?? '') || a.meetingId.localeCompare(b.meetingId),
    );
  const cancelled = inputs.figures.meetings.filter((m) => m.status === 'cancelled').length;

  const meetingCounts = { ...zeroCounts(), byFocusGroup: {} as Record<string, MeetingCounts>, cancelled };
  const total = zeroFigures();
  const byFocusGroup: Record<string, ParticipationFigures> = {};
  const byKind: Record<MeetingKind, ParticipationFigures> = {
    physical: zeroFigures(),
    digital: zeroFigures(),
  };
  const byMunicipality: Record<string, ParticipationFigures> = Object.fromEntries(
    Object.keys(members.names)
      .sort()
      .map((code) => [code, zeroFigures()]),
  );
  const byRole: Partial<Record<Role, ParticipationFigures>> = {};
  const satisfaction = [0, 0, 0, 0, 0, 0] as RatingSummary['distribution'];
  const usefulness = [0, 0, 0, 0, 0, 0] as RatingSummary['distribution'];
  const ratingsByGroup: Record<
    string,
    { s: RatingSummary['distribution']; u: RatingSummary['distribution'] }
  > = {};
  const perMeeting: MeetingLine[] = [];

  for (const meeting of held) {
    const counts = entryOf(meetingCounts.byFocusGroup, meeting.focusGroupId, zeroCounts);
    for (const target of [meetingCounts, counts]) {
      target.total += 1;
      target[meeting.kind] += 1;
      if (meeting.days.length > 1) target.twoDay += 1;
    }
    const all = sliceOf(meeting.counters, 'all');
    add(total, all);
    add(entryOf(byFocusGroup, meeting.focusGroupId, zeroFigures), all);
    add(byKind[meeting.kind], all);
    // Only the municipalities this meeting has counters for: walking every member for every
    // meeting made building the report grow with meetings × members (150 × 290 at Sweden's scale).
    const present = new Set<string>();
    for (const key of Object.keys(meeting.counters)) {
      const municipality = /^municipality:([^#]+)#/.exec(key)?.[1];
      if (municipality) present.add(municipality);
    }
    for (const code of present)
      add(entryOf(byMunicipality, code, zeroFigures), sliceOf(meeting.counters, `municipality:${code}`));
    for (const role of ROLES) {
      const figures = sliceOf(meeting.counters, `role:${role}`);
      if (Object.values(figures).some((value) => value > 0))
        add(entryOf(byRole as Record<string, ParticipationFigures>, role, zeroFigures), figures);
    }
    const s = distributionOf(meeting.counters, 'satisfaction');
    const u = distributionOf(meeting.counters, 'usefulness');
    addDistribution(satisfaction, s);
    addDistribution(usefulness, u);
    const group = entryOf(ratingsByGroup, meeting.focusGroupId, () => ({
      s: [0, 0, 0, 0, 0, 0] as RatingSummary['distribution'],
      u: [0, 0, 0, 0, 0, 0] as RatingSummary['distribution'],
    }));
    addDistribution(group.s, s);
    addDistribution(group.u, u);
    const meetingSatisfaction = ratingSummary(s);
    perMeeting.push({
      meetingId: meeting.meetingId,
      title: meeting.title,
      focusGroupId: meeting.focusGroupId,
      kind: meeting.kind,
      days: [...meeting.days],
      registrations: all.registrations,
      participations: all.participations,
      noShows: all.noShows,
      satisfaction: meetingSatisfaction,
      usefulness: ratingSummary(u),
      responseRate: rate(meetingSatisfaction.answers, all.participations),
    });
  }

  const unique = (slice: string) => inputs.figures.year[`unique#${slice}`] ?? 0;
  total.unique = unique('all');
  for (const [group, figures] of Object.entries(byFocusGroup)) figures.unique = unique(`group:${group}`);
  for (const kind of ['physical', 'digital'] as const) byKind[kind].unique = unique(`kind:${kind}`);
  for (const [code, figures] of Object.entries(byMunicipality))
    figures.unique = unique(`municipality:${code}`);
  for (const [role, figures] of Object.entries(byRole)) figures.unique = unique(`role:${role}`);

  const yearSatisfaction = ratingSummary(satisfaction);
  const surveys = inputs.surveys.filter((survey) => survey.year <= year).sort((a, b) => a.year - b.year);
  const thisYear = surveys.find((survey) => survey.year === year);

  return {
    year,
    generatedAt: inputs.generatedAt,
    ...(inputs.frozenAt ? { frozenAt: inputs.frozenAt } : {}),
    members,
    meetings: meetingCounts,
    participants: { ...total, byFocusGroup, byKind, byMunicipality, byRole },
    ratings: {
      satisfaction: yearSatisfaction,
      usefulness: ratingSummary(usefulness),
      responseRate: rate(yearSatisfaction.answers, total.participations),
      byFocusGroup: Object.fromEntries(
        Object.entries(ratingsByGroup).map(([group, { s, u }]) => [
          group,
          { satisfaction: ratingSummary(s), usefulness: ratingSummary(u) },
        ]),
      ),
    },
    perMeeting,
    survey: {
      respondentsByYear: Object.fromEntries(
        surveys.map((survey) => [String(survey.year), survey.respondents]),
      ),
      ...(thisYear ? { thisYear } : {}),
    },
    focusGroupNames: Object.fromEntries(
      inputs.focusGroups.map((group) => [group.id, { sv: group.name.sv, en: group.name.en }]),
    ),
  };
};
