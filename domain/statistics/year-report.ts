import type { MeetingKind } from '../meetings/meeting';
import type { Role } from '../meetings/registration';

/** Mean and 1–6 distribution of one evaluation question. */
export interface RatingSummary {
  /** Mean of the answers, rounded to two decimals; null when nobody answered. */
  mean: number | null;
  /** Number of answers 1, 2, …, 6 (index 0 is the count of 1s). */
  distribution: [number, number, number, number, number, number];
  answers: number;
}

/** Counts of one group of meetings (a focus group, a kind, the year). */
export interface MeetingCounts {
  total: number;
  physical: number;
  digital: number;
  /** Physical meetings over two days (counted once in `total` and `physical`). */
  twoDay: number;
}

/**
 * Participation figures of one slice (the year, a focus group, a kind, a municipality, a role).
 * - `participations`: a person at a meeting counts once per meeting, whatever the number of days;
 * - `personDays`: a person counts once per day present (two-day meetings count twice here);
 * - `unique`: distinct people across all meetings of the slice;
 * - `noShows`: seats held at the end that nobody used (registered, confirmed, never logged present).
 */
export interface ParticipationFigures {
  registrations: number;
  cancellations: number;
  participations: number;
  personDays: number;
  unique: number;
  walkIns: number;
  noShows: number;
}

/** One meeting's line in the report. */
export interface MeetingLine {
  meetingId: string;
  title: string;
  focusGroupId: string;
  kind: MeetingKind;
  /** The meeting's dates (YYYY-MM-DD). */
  days: string[];
  registrations: number;
  participations: number;
  noShows: number;
  satisfaction: RatingSummary;
  usefulness: RatingSummary;
  /** Answers per participation, 0–1 (two decimals); null with no participants. */
  responseRate: number | null;
}

/** The December survey of a year. */
export interface SurveyFigures {
  year: number;
  respondents: number;
  /** Recipients per mailing list (focus group id → addresses), when recorded. */
  recipientsByList?: Record<string, number>;
  /** Respondents per member municipality (SCB code), when recorded. */
  respondentsByMunicipality?: Record<string, number>;
}

/**
 * What the network's annual report shows for a year, out of the system. Frozen when the year is
 * closed (`frozenAt`); until then computed on request (`frozenAt` absent).
 */
export interface YearReport {
  year: number;
  /** When these figures were computed (ISO instant). */
  generatedAt: string;
  /** When the year was closed and the figures frozen; absent while the year is open. */
  frozenAt?: string;
  members: {
    /** Members on 31 December of the year (or today, for the current year). */
    count: number;
    /** Members whose membership started during the year (SCB codes, ascending). */
    joined: string[];
    /** Members whose membership ended during the year. */
    left: string[];
    /** Code → name of every municipality that was a member at some time in the year. */
    names: Record<string, string>;
  };
  meetings: MeetingCounts & {
    byFocusGroup: Record<string, MeetingCounts>;
    /** Meetings of the year that were cancelled (not in `total`). */
    cancelled: number;
  };
  participants: ParticipationFigures & {
    byFocusGroup: Record<string, ParticipationFigures>;
    byKind: Record<MeetingKind, ParticipationFigures>;
    /** Per member municipality (SCB code); municipalities with nothing are listed with zeros. */
    byMunicipality: Record<string, ParticipationFigures>;
    byRole: Partial<Record<Role, ParticipationFigures>>;
  };
  ratings: {
    satisfaction: RatingSummary;
    usefulness: RatingSummary;
    /** Answers per participation over the year, 0–1; null with no participants. */
    responseRate: number | null;
    byFocusGroup: Record<string, { satisfaction: RatingSummary; usefulness: RatingSummary }>;
  };
  /** Held (not cancelled) meetings of the year, in date order. */
  perMeeting: MeetingLine[];
  survey: {
    /** Respondents of every year recorded up to and including this one. */
    respondentsByYear: Record<string, number>;
    /** This year's survey, when recorded. */
    thisYear?: SurveyFigures;
  };
  /** Focus group id → its name in Swedish and English, for display. */
  focusGroupNames: Record<string, { sv: string; en: string }>;
}
