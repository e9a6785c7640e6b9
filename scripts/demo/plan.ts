/**
 * The demo's plan: everything it will do, decided up front from the seed (a pure function), and
 * the figures it amounts to. Kept apart from the HTTP driver so that a test can check the plan
 * without starting a local cloud.
 */
import type { Role } from '../../domain/meetings/registration';
import { addDays, stockholmDate, stockholmInstant } from '../../domain/shared/stockholm-time';
import { Random } from './random';
import {
  asciiSlug,
  COMMENTS,
  DIETARY_NEEDS,
  FIRST_NAMES,
  GROUP_MIX,
  type GroupId,
  LAST_NAMES,
  LATE_MEMBER,
  MEETINGS,
  membersOf2023,
  REGISTERING_OFFICIALS,
  ROLE_MIX,
} from './seed-tables';

/** A generated official: who they are, where they work, what they do and which group they follow. */
export interface Official {
  name: string;
  email: string;
  municipalityCode: string;
  role: Role;
  /** The focus group the official follows most. */
  group: GroupId;
  language: 'sv' | 'en';
  dietaryNeeds?: string;
}

/** How one participant will answer the evaluation of one meeting, and when. */
export interface PlannedEvaluation {
  /** 1: answers the first link; 2: answers after the reminder three days later. */
  round: 1 | 2;
  satisfaction: number;
  usefulness: number;
  comment?: string;
}

/** One registration the plan will send: by whom, for which meeting, when, and what becomes of it. */
export interface PlannedRegistration {
  meetingKey: string;
  /** Index into `officials`. */
  official: number;
  /** When the official registers (ISO instant). */
  at: string;
  /** The days chosen at a two-day meeting when not both. */
  days?: string[];
  /** When the registration is cancelled with the link from the mail (ISO instant). */
  cancelAt?: string;
  /** The days the official turns up, given a seat ([] = a no-show). */
  attends: string[];
  evaluation?: PlannedEvaluation;
}

/** Someone who comes without registering, logged at the meeting as a walk-in. */
export interface PlannedWalkIn {
  meetingKey: string;
  official: number;
  days: string[];
  evaluation?: PlannedEvaluation;
}

/** One meeting of the year as the plan schedules it through the admin API. */
export interface PlannedMeeting {
  key: string;
  request: {
    title: string;
    focusGroupId: GroupId;
    kind: 'physical' | 'digital';
    days: string[];
    startTime: string;
    endTime: string;
    venue?: string;
    onlineUrl?: string;
    capacity: number;
    programme: string;
    speakers?: string[];
    partners?: string[];
  };
  /** When the secretariat schedules it, 4–6 weeks ahead (ISO instant). */
  scheduleAt: string;
  /** Full meetings register one at a time, minutes apart, so the waiting list has a fixed order. */
  sequential: boolean;
  /** When attendance is logged, per day (after that day's end; ISO instants). */
  attendanceAt: Record<string, string>;
  /** First round of evaluation answers, the day after. */
  evaluateAt: string;
  /** Late answers: after the reminder (sent three days after the links). */
  lateEvaluateAt: string;
}

/** The whole plan of one seed: what `runDemo` replays. */
export interface DemoPlan {
  seed: number;
  meetings: PlannedMeeting[];
  officials: Official[];
  registrations: PlannedRegistration[];
  walkIns: PlannedWalkIn[];
  survey: { at: string; respondents: number; recipientsByList: Record<GroupId, number> };
  closeAt: string;
}

const at = (date: string, time: string): string => stockholmInstant(date, time).toISOString();
const minutesLater = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const DAY_MS = 86_400_000;

/**
 * Everything the demo will do, decided up front from the seed: meetings, officials, who
 * registers when for what, who cancels, who comes, who answers the evaluation and how.
 * Pure: no I/O (beyond reading data/), no clock; the same seed gives the same plan.
 */
export const buildPlan = (seed: number): DemoPlan => {
  const rng = new Random(seed);
  const members = membersOf2023();

  // 1. Meetings: scheduled 4–6 weeks ahead; registration waves between then and the closing day.
  const meetings: PlannedMeeting[] = [];
  const waves = new Map<string, string[]>();
  const targets = new Map<string, number>();
  for (const spec of MEETINGS) {
    const first = spec.days[0] as string;
    const last = spec.days[spec.days.length - 1] as string;
    const lead = rng.int(28, 42);
    const scheduleAt = new Date(
      Math.max(Date.parse(at(addDays(first, -lead), '09:00')), Date.parse(at('2023-01-09', '09:00'))),
    ).toISOString();
    const scheduledOn = stockholmDate(new Date(scheduleAt));
    const waveTimes = [
      at(addDays(scheduledOn, 2), hhmm(rng.int(8 * 60, 11 * 60))),
      at(addDays(scheduledOn, 9), hhmm(rng.int(9 * 60, 15 * 60))),
      at(addDays(scheduledOn, 17), hhmm(rng.int(9 * 60, 15 * 60))),
      at(addDays(first, -4), hhmm(rng.int(9 * 60, 15 * 60))),
    ];
    waves.set(spec.key, waveTimes);
    const overbooked = spec.target > spec.capacity;
    const target = overbooked
      ? spec.target + rng.int(-1, 2)
      : Math.min(spec.capacity - 2, Math.round(spec.target * rng.float(0.92, 1.08)));
    targets.set(spec.key, target);
    const attendanceAt: Record<string, string> = {};
    for (const day of spec.days) attendanceAt[day] = minutesLater(at(day, spec.endTime), rng.int(30, 90));
    const lastAttendance = Date.parse(attendanceAt[last] as string);
    meetings.push({
      key: spec.key,
      request: {
        title: spec.title,
        focusGroupId: spec.focusGroupId,
        kind: spec.kind,
        days: [...spec.days],
        startTime: spec.startTime,
        endTime: spec.endTime,
        ...(spec.venue ? { venue: spec.venue } : {}),
        ...(spec.onlineUrl ? { onlineUrl: spec.onlineUrl } : {}),
        capacity: spec.capacity,
        programme: spec.programme,
        ...(spec.speakers ? { speakers: [...spec.speakers] } : {}),
        ...(spec.partners ? { partners: [...spec.partners] } : {}),
      },
      scheduleAt,
      sequential: overbooked,
      attendanceAt,
      evaluateAt: at(addDays(last, 1), hhmm(rng.int(8 * 60, 16 * 60))),
      // The reminder goes three days after the last links; late answers come some hours later.
      lateEvaluateAt: new Date(lastAttendance + 3 * DAY_MS + rng.int(2, 20) * 3_600_000).toISOString(),
    });
  }
  const meetingByKey = new Map(meetings.map((m) => [m.key, m]));
  const firstDayOf = (key: string) => meetingByKey.get(key)?.request.days[0] as string;

  // 2. Officials: a member municipality (larger ones send more people, by the square root of the
  //    population), a main group, a role that fits it, a generated name and address.
  const officials: Official[] = [];
  const activity: number[] = [];
  const used = new Map<string, number>();
  const newOfficial = (options: { group?: GroupId } = {}): number => {
    const group = options.group ?? rng.weighted(GROUP_MIX, ([, w]) => w)[0];
    const member = rng.weighted(members, (m) => Math.sqrt(m.population));
    const role = rng.weighted(ROLE_MIX[group], ([, w]) => w)[0];
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    officials.push({
      name: `${first} ${last}`,
      email: `${base}${n}@${asciiSlug(member.name)}.example`,
      municipalityCode: member.code,
      role,
      group,
      language: rng.chance(0.04) ? 'en' : 'sv',
      ...(rng.chance(0.12) ? { dietaryNeeds: rng.pick(DIETARY_NEEDS) } : {}),
    });
    // A few are very active (the "three meetings" people), most come once or twice.
    activity.push(0.4 + rng.float() ** 3 * 6);
    return officials.length - 1;
  };
  for (let i = 0; i < REGISTERING_OFFICIALS; i++) newOfficial();

  const memberFrom = (code: string) => (code === LATE_MEMBER.code ? LATE_MEMBER.from : '2023-01-01');
  const eligible = (official: number, key: string) =>
    firstDayOf(key) >= memberFrom((officials[official] as Official).municipalityCode);

  // 3. Who registers for what: everyone once (in their own group), then each meeting is filled
  //    up to its target, the active more likely, now and then someone from another group.
  const attendees = new Map<string, Set<number>>(meetings.map((m) => [m.key, new Set<number>()]));
  const order = officials
    .map((official, index) => ({ index, late: official.municipalityCode === LATE_MEMBER.code }))
    .sort((a, b) => Number(b.late) - Number(a.late))
    .map((entry) => entry.index);
  for (const index of order) {
    const official = officials[index] as Official;
    const options = meetings.filter(
      (m) => m.request.focusGroupId === official.group && eligible(index, m.key),
    );
    const room = (m: PlannedMeeting) =>
      Math.max(0.05, (targets.get(m.key) ?? 0) - (attendees.get(m.key)?.size ?? 0));
    const chosen = rng.weighted(options, room);
    attendees.get(chosen.key)?.add(index);
  }
  for (const meeting of meetings) {
    const set = attendees.get(meeting.key) as Set<number>;
    const target = targets.get(meeting.key) ?? 0;
    const group = meeting.request.focusGroupId;
    const crossGroup = group === 'fair-trade' ? 0.04 : 0.15;
    const candidates = officials
      .map((_, index) => index)
      .filter((index) => !set.has(index) && eligible(index, meeting.key));
    while (set.size < target && candidates.length > 0) {
      const pick = rng.weighted(
        candidates,
        (index) => (activity[index] ?? 1) * ((officials[index] as Official).group === group ? 1 : crossGroup),
      );
      set.add(pick);
      candidates.splice(candidates.indexOf(pick), 1);
    }
  }

  // 4. Each registration: when, which days, whether cancelled, whether they come, the evaluation.
  const registrations: PlannedRegistration[] = [];
  const walkIns: PlannedWalkIn[] = [];
  const quality = new Map<string, { satisfaction: number; usefulness: number; answers: number }>();
  for (const meeting of meetings) {
    const satisfaction = rng.float(4.95, 5.6);
    quality.set(meeting.key, {
      satisfaction,
      usefulness: satisfaction + rng.float(-0.35, 0.1),
      answers: rng.float(0.5, 0.72),
    });
  }
  const evaluationOf = (key: string): PlannedEvaluation | undefined => {
    const q = quality.get(key) as { satisfaction: number; usefulness: number; answers: number };
    if (!rng.chance(q.answers)) return undefined;
    const score = (mean: number) => Math.min(6, Math.max(1, Math.round(mean + rng.normal() * 0.8)));
    return {
      round: rng.chance(0.14) ? 2 : 1,
      satisfaction: score(q.satisfaction),
      usefulness: score(q.usefulness),
      ...(rng.chance(0.25) ? { comment: rng.pick(COMMENTS) } : {}),
    };
  };
  for (const meeting of meetings) {
    const { days } = meeting.request;
    const waveTimes = waves.get(meeting.key) as string[];
    const first = days[0] as string;
    const entries = [...(attendees.get(meeting.key) as Set<number>)]
      .map((official) => {
        let wave = rng.weighted([0, 1, 2, 3], (w) => [45, 30, 15, 10][w] ?? 0);
        // Herrljunga's officials can only register once it is a member.
        while (
          (officials[official] as Official).municipalityCode === LATE_MEMBER.code &&
          (waveTimes[wave] as string) < at(LATE_MEMBER.from, '00:00') &&
          wave < 3
        )
          wave += 1;
        return { official, wave, jitter: rng.int(0, 240) };
      })
      .sort((a, b) => a.wave - b.wave || a.jitter - b.jitter || a.official - b.official);
    let sequentialAt = '';
    for (const entry of entries) {
      const waveAt = waveTimes[entry.wave] as string;
      let registeredAt = waveAt;
      if (meeting.sequential) {
        // One at a time, a few minutes apart: the waiting list's order is the plan's.
        sequentialAt = sequentialAt >= waveAt ? minutesLater(sequentialAt, rng.int(2, 15)) : waveAt;
        registeredAt = sequentialAt;
      }
      const chosen =
        days.length === 2
          ? rng.weighted([0, 1, 2], (c) => [80, 12, 8][c] ?? 0) === 0
            ? undefined
            : [rng.chance(0.6) ? days[0] : days[1]]
          : undefined;
      const seatDays = (chosen ?? days) as string[];
      const tight = meeting.sequential;
      const cancels = rng.chance(tight ? 0.1 : 0.022);
      const early = at(addDays(first, -6), '14:00');
      const cancelAt = cancels
        ? registeredAt < minutesLater(early, -24 * 60) && rng.chance(0.5)
          ? early
          : at(addDays(first, -2), '14:00')
        : undefined;
      const noShow = rng.chance(0.065);
      const attends = noShow
        ? []
        : seatDays.length === 2 && rng.chance(0.06)
          ? [rng.pick(seatDays)]
          : [...seatDays];
      // Only those who come are asked; whether they answer is decided now, so the plan is complete.
      const evaluation = attends.length > 0 && !cancelAt ? evaluationOf(meeting.key) : undefined;
      registrations.push({
        meetingKey: meeting.key,
        official: entry.official,
        at: registeredAt,
        ...(chosen ? { days: chosen as string[] } : {}),
        ...(cancelAt ? { cancelAt } : {}),
        attends,
        ...(evaluation ? { evaluation } : {}),
      });
    }
    // Walk-ins at physical meetings: people who had not registered (new faces in the network).
    if (meeting.request.kind === 'physical') {
      const count = rng.int(0, 3);
      for (let i = 0; i < count; i++) {
        let official = newOfficial({ group: meeting.request.focusGroupId });
        while (!eligible(official, meeting.key)) {
          // Re-draw: the newest official is unused, replace it in place.
          officials.pop();
          activity.pop();
          official = newOfficial({ group: meeting.request.focusGroupId });
        }
        const evaluation = evaluationOf(meeting.key);
        walkIns.push({
          meetingKey: meeting.key,
          official,
          days: days.length === 2 && rng.chance(0.5) ? [days[0] as string] : [...days],
          ...(evaluation ? { evaluation } : {}),
        });
      }
    }
  }

  // 5. December: the yearly survey to the three mailing lists (addresses per list, respondents as 2023).
  const followers = (group: GroupId) => officials.filter((o) => o.group === group).length;
  const survey = {
    at: at('2023-12-12', '10:00'),
    respondents: 63,
    recipientsByList: {
      'environmental-strategy': followers('environmental-strategy') + rng.int(40, 80),
      'nature-conservation': followers('nature-conservation') + rng.int(30, 70),
      'fair-trade': followers('fair-trade') + rng.int(10, 25),
    },
  };

  for (const registration of registrations) {
    const official = officials[registration.official] as Official;
    if (official.municipalityCode === LATE_MEMBER.code && registration.at < at(LATE_MEMBER.from, '00:00'))
      throw new Error(`plan: ${official.email} would register before ${LATE_MEMBER.from}`);
  }
  return { seed, meetings, officials, registrations, walkIns, survey, closeAt: at('2024-01-02', '09:00') };
};

/** What the plan amounts to, for the log and for comparing with the report. */
export const planFigures = (plan: DemoPlan) => {
  const registrations = plan.registrations.length;
  const cancellations = plan.registrations.filter((r) => r.cancelAt).length;
  const walkIns = plan.walkIns.length;
  const people = new Set([
    ...plan.registrations.map((r) => r.official),
    ...plan.walkIns.map((w) => w.official),
  ]);
  return { officials: people.size, registrations, cancellations, walkIns };
};
