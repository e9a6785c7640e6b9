/**
 * `npm run demo [-- --seed N] [-- --report-file F]`: replays a year shaped like the network's 2023
 * through the public and admin HTTP APIs, on a local cloud of its own with a simulated clock, then
 * closes the year (so the 2024 invoices go out) and prints the year report.
 *
 * - A fresh in-memory DynamoDB Local, a temporary state folder (removed at the end), the demo seed
 *   without its upcoming meetings, a clock frozen at 2023-01-02 that moves only through
 *   `advanceClock` (which fires the due timers: reminders, meeting ends, evaluation reminders).
 * - Every choice comes from a seeded PRNG (`buildPlan`, pure): the same seed gives the same
 *   figures. Meeting and registration ids are random UUIDs from the system, so compare figures,
 *   not ids.
 * - Officials, names and addresses are generated (`<first>.<last><n>@<municipality>.example`);
 *   none is a real person or address.
 * - Ports from PORT, SES_PORT and DYNAMODB_PORT (defaults 3000, 8005, 8000 as `npm start`).
 *   The handlers' logs are silent unless LOG_LEVEL is set (e.g. LOG_LEVEL=info npm run demo).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { YearReport } from '../../domain/statistics/year-report';
import { LocalClock } from '../../local/local-clock';
import { type LocalCloud, startLocalCloud } from '../../local/local-cloud';
import { DemoError } from './demo-error';
import { Inbox } from './inbox';
import {
  buildPlan,
  type DemoPlan,
  type Official,
  type PlannedEvaluation,
  type PlannedRegistration,
  planFigures,
} from './plan';
import type { GroupId } from './seed-tables';

/** How `runDemo` runs: the seed, the ports or a shared DynamoDB Local, where the report goes. */
export interface DemoOptions {
  seed?: number;
  port?: number;
  sesPort?: number;
  dynamoDbPort?: number;
  /** Use an already running DynamoDB Local (tests share one); otherwise a fresh one in memory. */
  dynamoDbEndpoint?: string;
  /** The table (unique per run when sharing a DynamoDB Local). */
  tableName?: string;
  /** Where to write the JSON of `GET /api/admin/reports/2023`. */
  reportFile?: string;
  log?: (line: string) => void;
}

/** What happened to one meeting, as the demo saw it through the API. */
export interface MeetingOutcome {
  key: string;
  meetingId: string;
  title: string;
  focusGroupId: GroupId;
  kind: 'physical' | 'digital';
  days: string[];
  registered: number;
  waitlisted: number;
  promoted: number;
  cancelled: number;
  /** Municipality of each participation logged (registered attendees and walk-ins). */
  participantMunicipalities: string[];
  evaluations: number;
  lateEvaluations: number;
}

/** What a finished run gives back: the year report as the API gave it, and what the demo saw on the way. */
export interface DemoResult {
  report: YearReport;
  invoices: number;
  /** Members without an invoice for 2024, with the reason the system gave. */
  notInvoiced: string[];
  elapsedMs: number;
  plan: DemoPlan;
  meetings: MeetingOutcome[];
  /** Things in the product that did not behave as the plan expected (empty when all went well). */
  anomalies: string[];
  /** Sizes of the CSV and HTML renderings (bytes), or the status they answered with. */
  formats: { csv: number | string; html: number | string };
  mails: number;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
const mapLimit = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked where they are used
  body: any;
  text: string;
}
interface Action {
  at: string;
  /** Orders actions at the same instant. */
  rank: number;
  label: string;
  run: () => Promise<void>;
}

interface RegistrationState {
  plan: PlannedRegistration;
  registrationId?: string;
  status?: 'confirmed' | 'waitlisted' | 'cancelled';
  promoted?: boolean;
  present: string[];
}

/** Runs the plan of `seed` on a local cloud of its own; always stops the cloud. */
export const runDemo = async (options: DemoOptions = {}): Promise<DemoResult> => {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 2023;
  const plan = buildPlan(seed);
  const planned = planFigures(plan);
  log(
    `Plan (seed ${seed}): ${plan.meetings.length} meetings, ${planned.officials} officials, ` +
      `${planned.registrations} registrations, ${planned.cancellations} to be cancelled, ${planned.walkIns} walk-ins`,
  );

  const stateDir = mkdtempSync(join(tmpdir(), 'network-demo-'));
  const clock = new LocalClock({ frozenAt: new Date('2023-01-02T07:00:00Z') });
  let cloud: LocalCloud | undefined;
  try {
    cloud = await startLocalCloud({
      port: options.port ?? 3000,
      sesPort: options.sesPort ?? 8005,
      dynamoDbPort: options.dynamoDbPort ?? 8000,
      ...(options.dynamoDbEndpoint ? { dynamoDbEndpoint: options.dynamoDbEndpoint } : {}),
      ...(options.tableName ? { tableName: options.tableName } : {}),
      stateDir,
      seed: true,
      seedMeetings: false,
      clock,
      schedulerPollMs: 0,
      busBackoffMs: 50,
    });
    activeCloud = cloud;
    log(
      `Local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cloud.apiUrl} (clock ${clock.now().toISOString()})`,
    );
    const result = await replay(cloud, plan, log, options.reportFile);
    return { ...result, plan, elapsedMs: Date.now() - started };
  } finally {
    activeCloud = undefined;
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
};

/** The cloud of the run under way, for the command line to stop on Ctrl-C. */
export const activeDemoCloud = (): LocalCloud | undefined => activeCloud;

let activeCloud: LocalCloud | undefined;

const replay = async (
  cloud: LocalCloud,
  plan: DemoPlan,
  log: (line: string) => void,
  reportFile: string | undefined,
): Promise<Omit<DemoResult, 'plan' | 'elapsedMs'>> => {
  const base = cloud.apiUrl.replace('localhost', '127.0.0.1');
  const adminHeaders = { authorization: `Bearer ${cloud.adminToken}` };
  const anomalies: string[] = [];
  const inbox = new Inbox(cloud.sesUrl);
  const replayStarted = Date.now();

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    options: { admin?: boolean; expect?: number; idempotent?: boolean } = {},
  ): Promise<ApiAnswer> => {
    const send = () =>
      fetch(base + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.admin ? adminHeaders : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let response = await send();
    // An idempotent call (logging attendance twice changes nothing) is retried after a server
    // error, as any client would; each retry is reported, so a flaky server is seen, not hidden.
    for (let retry = 1; options.idempotent && response.status >= 500 && retry <= 2; retry++) {
      const problem = `${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}; retried`;
      log(`  ! ${problem}`);
      anomalies.push(problem);
      await new Promise((resolve) => setTimeout(resolve, 500 * retry));
      response = await send();
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (CSV, HTML)
    }
    if (options.expect !== undefined && response.status !== options.expect) {
      throw new DemoError(
        `${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body).slice(0, 300)}`} → ` +
          `${response.status} ${text.slice(0, 500)} (expected ${options.expect}; clock ${cloud.clock.now().toISOString()})`,
      );
    }
    return { status: response.status, body: parsed, text };
  };

  const delivered = () =>
    [...cloud.bus.delivered.values()].reduce((a, b) => a + b, 0) + cloud.bus.deadLetters.length;
  /** Waits until the stream pipe and the bus have been quiet for `quietMs` (the pipe polls every 25 ms). */
  const waited = { settleMs: 0, settles: 0 };
  const settle = async (quietMs = 40) => {
    const startedAt = Date.now();
    waited.settles += 1;
    let before = -1;
    for (;;) {
      await cloud.bus.idle();
      const now = delivered();
      if (now === before) break;
      before = now;
      await sleep(quietMs);
    }
    waited.settleMs += Date.now() - startedAt;
  };
  const waitFor = async (what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await done()) return true;
      if (Date.now() > deadline) {
        anomalies.push(`Timed out after ${timeoutMs} ms waiting for ${what}`);
        return false;
      }
      await sleep(30);
    }
  };

  /** Moves the clock to `target`, stopping at every timer on the way so each fires at its own time. */
  const advanceTo = async (target: string) => {
    const goal = Date.parse(target);
    for (;;) {
      const now = cloud.clock.now().getTime();
      if (now >= goal) return;
      const next = cloud.scheduler
        .schedules()
        .map((schedule) => Date.parse(schedule.at))
        .filter((time) => time > now && time <= goal)
        .sort((a, b) => a - b)[0];
      const fired = await cloud.advanceClock((next ?? goal) - now);
      if (fired > 0) await settle();
    }
  };

  const meetingIds = new Map<string, string>();
  const states = new Map<string, RegistrationState[]>(plan.meetings.map((m) => [m.key, []]));
  for (const registration of plan.registrations)
    states.get(registration.meetingKey)?.push({ plan: registration, present: [] });
  const outcomes = new Map<string, MeetingOutcome>();
  const idOf = (key: string) => {
    const id = meetingIds.get(key);
    if (!id) throw new DemoError(`Meeting ${key} was never scheduled`);
    return id;
  };
  const linkKey = (key: string, registrationId: string) => `${idOf(key)}.${registrationId}`;
  const official = (index: number) => plan.officials[index] as Official;

  const actions: Action[] = [];
  for (const meeting of plan.meetings) {
    const outcome: MeetingOutcome = {
      key: meeting.key,
      meetingId: '',
      title: meeting.request.title,
      focusGroupId: meeting.request.focusGroupId,
      kind: meeting.request.kind,
      days: [...meeting.request.days],
      registered: 0,
      waitlisted: 0,
      promoted: 0,
      cancelled: 0,
      participantMunicipalities: [],
      evaluations: 0,
      lateEvaluations: 0,
    };
    outcomes.set(meeting.key, outcome);
    const mine = states.get(meeting.key) as RegistrationState[];
    const walkIns = plan.walkIns.filter((w) => w.meetingKey === meeting.key);

    // Schedule the meeting and wait until its timers (reminders, end) are set.
    actions.push({
      at: meeting.scheduleAt,
      rank: 0,
      label: `schedule ${meeting.key}`,
      run: async () => {
        const { body } = await call('POST', '/api/admin/meetings', meeting.request, {
          admin: true,
          expect: 201,
        });
        meetingIds.set(meeting.key, body.id);
        outcome.meetingId = body.id;
        await waitFor(`the timers of ${meeting.key}`, () =>
          cloud.scheduler.schedules().some((s) => s.name === `${body.id}-ended`),
        );
      },
    });

    // Registrations, in groups of the same instant (8 at a time); full meetings one by one.
    const byTime = new Map<string, RegistrationState[]>();
    for (const state of mine) byTime.set(state.plan.at, [...(byTime.get(state.plan.at) ?? []), state]);
    for (const [time, group] of byTime) {
      actions.push({
        at: time,
        rank: 1,
        label: `register ${group.length} for ${meeting.key}`,
        run: async () => {
          await mapLimit(group, meeting.sequential ? 1 : 8, async (state) => {
            const person = official(state.plan.official);
            const { body } = await call(
              'POST',
              `/api/meetings/${idOf(meeting.key)}/registrations`,
              {
                name: person.name,
                email: person.email,
                municipalityCode: person.municipalityCode,
                role: person.role,
                consent: true,
                language: person.language,
                ...(state.plan.days ? { days: state.plan.days } : {}),
                ...(person.dietaryNeeds && meeting.request.kind === 'physical'
                  ? { dietaryNeeds: person.dietaryNeeds }
                  : {}),
              },
              { expect: 201 },
            );
            state.registrationId = body.registrationId;
            state.status = body.status;
            outcome.registered += 1;
            if (body.status === 'waitlisted') outcome.waitlisted += 1;
          });
        },
      });
    }

    // Cancellations with the link from the confirmation mail.
    const cancelTimes = [...new Set(mine.flatMap((s) => (s.plan.cancelAt ? [s.plan.cancelAt] : [])))];
    for (const time of cancelTimes) {
      actions.push({
        at: time,
        rank: 2,
        label: `cancellations for ${meeting.key}`,
        run: async () => {
          const cancelling = mine.filter((s) => s.plan.cancelAt === time && s.registrationId);
          await settle();
          await inbox.refresh();
          await waitFor(`the confirmation mails of ${meeting.key}`, async () => {
            const missing = cancelling.some(
              (s) => !inbox.cancelLinks.has(linkKey(meeting.key, s.registrationId as string)),
            );
            if (missing) await inbox.refresh();
            return !missing;
          });
          for (const state of cancelling) {
            const link = inbox.cancelLinks.get(linkKey(meeting.key, state.registrationId as string));
            if (!link) continue;
            if (link.to !== official(state.plan.official).email)
              anomalies.push(`A cancellation link for ${meeting.key} went to another address`);
            await call('POST', `/api/registrations/${encodeURIComponent(link.token)}/cancel`, undefined, {
              expect: 200,
            });
            state.status = 'cancelled';
            outcome.cancelled += 1;
            // On a full meeting the next cancellation waits for this one's promotion, so the seats
            // go the same way on every run.
            if (meeting.sequential) await settle();
          }
          await settle();
        },
      });
    }

    // Attendance, per day after that day's end; then the evaluation links arrive.
    const days = meeting.request.days;
    days.forEach((day, dayIndex) => {
      const lastDay = dayIndex === days.length - 1;
      actions.push({
        at: meeting.attendanceAt[day] as string,
        rank: 3,
        label: `attendance ${meeting.key} ${day}`,
        run: async () => {
          if (dayIndex === 0) {
            // Who sits where now: the waiting ones may have been promoted when others cancelled.
            const waiting = mine.filter((s) => s.status === 'waitlisted');
            if (waiting.length > 0) {
              await settle();
              await inbox.refresh();
              for (const state of waiting) {
                const link = inbox.cancelLinks.get(linkKey(meeting.key, state.registrationId as string));
                if (!link) {
                  anomalies.push(`No mail with a link for a waitlisted registration of ${meeting.key}`);
                  continue;
                }
                const { body } = await call(
                  'GET',
                  `/api/registrations/${encodeURIComponent(link.token)}`,
                  undefined,
                  {
                    expect: 200,
                  },
                );
                if (body.status === 'confirmed') {
                  state.status = 'confirmed';
                  state.promoted = true;
                  outcome.promoted += 1;
                }
              }
            }
          }
          const present = mine.filter((s) => s.status === 'confirmed' && s.plan.attends.includes(day));
          const walking = walkIns.filter((w) => w.days.includes(day));
          const { body } = await call(
            'POST',
            `/api/admin/meetings/${idOf(meeting.key)}/attendance`,
            {
              day,
              emails: present.map((s) => official(s.plan.official).email),
              ...(walking.length > 0
                ? {
                    walkIns: walking.map((w) => {
                      const person = official(w.official);
                      return {
                        name: person.name,
                        email: person.email,
                        municipalityCode: person.municipalityCode,
                        role: person.role,
                      };
                    }),
                  }
                : {}),
            },
            { admin: true, expect: 201, idempotent: true },
          );
          if (
            body.unmatched?.length > 0 ||
            body.logged + body.alreadyLogged !== present.length + walking.length
          ) {
            anomalies.push(
              `Attendance ${meeting.key} ${day}: sent ${present.length} + ${walking.length} walk-ins, ` +
                `answer ${JSON.stringify({ logged: body.logged, alreadyLogged: body.alreadyLogged, unmatched: body.unmatched?.length })}`,
            );
          }
          for (const state of present) state.present.push(day);
          if (!lastDay) return;
          // Once the last day is logged: every attendee should get an evaluation link.
          for (const state of mine)
            if (state.present.length > 0)
              outcome.participantMunicipalities.push(official(state.plan.official).municipalityCode);
          for (const walkIn of walkIns)
            outcome.participantMunicipalities.push(official(walkIn.official).municipalityCode);
          const expected = mine.filter((s) => s.present.length > 0).length + walkIns.length;
          await settle();
          await waitFor(`the evaluation links of ${meeting.key}`, async () => {
            await inbox.refresh();
            const sent = [...inbox.evaluateLinks.keys()].filter((key) =>
              key.startsWith(`${idOf(meeting.key)}.`),
            );
            return sent.length >= expected;
          });
          await settle();
        },
      });
    });

    // Evaluations: most answer the first link, a few only after the reminder.
    const answer = async (round: 1 | 2) => {
      await inbox.refresh();
      const prefix = `${idOf(meeting.key)}.`;
      const links = [...inbox.evaluateLinks.entries()].filter(([key]) => key.startsWith(prefix));
      const byAddress = new Map(links.map(([, link]) => [link.to, link]));
      const answering: Array<{ email: string; evaluation: PlannedEvaluation }> = [];
      for (const state of mine)
        if (state.present.length > 0 && state.plan.evaluation?.round === round)
          answering.push({ email: official(state.plan.official).email, evaluation: state.plan.evaluation });
      for (const walkIn of walkIns)
        if (walkIn.evaluation?.round === round)
          answering.push({ email: official(walkIn.official).email, evaluation: walkIn.evaluation });
      await mapLimit(answering, 8, async ({ email, evaluation }) => {
        const link = byAddress.get(email);
        if (!link) {
          anomalies.push(`No evaluation link for an attendee of ${meeting.key}`);
          return;
        }
        if (round === 2 && link.mails < 2)
          anomalies.push(`No evaluation reminder for an attendee of ${meeting.key}`);
        await call(
          'POST',
          `/api/evaluations/${encodeURIComponent(link.token)}`,
          {
            satisfaction: evaluation.satisfaction,
            usefulness: evaluation.usefulness,
            ...(evaluation.comment ? { comment: evaluation.comment } : {}),
          },
          { expect: 201 },
        );
        if (round === 1) outcome.evaluations += 1;
        else outcome.lateEvaluations += 1;
      });
      await settle();
    };
    actions.push({
      at: meeting.evaluateAt,
      rank: 4,
      label: `evaluations ${meeting.key}`,
      run: () => answer(1),
    });
    actions.push({
      at: meeting.lateEvaluateAt,
      rank: 5,
      label: `late evaluations ${meeting.key}`,
      run: () => answer(2),
    });
  }

  actions.push({
    at: plan.survey.at,
    rank: 6,
    label: 'the December survey',
    run: async () => {
      await call(
        'PUT',
        '/api/admin/surveys/2023',
        { respondents: plan.survey.respondents, recipientsByList: plan.survey.recipientsByList },
        { admin: true, expect: 200 },
      );
    },
  });

  actions.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank);
  let month = '';
  for (const action of actions) {
    await advanceTo(action.at);
    if (action.at.slice(0, 7) !== month) {
      month = action.at.slice(0, 7);
      log(
        `  ${month}  (${((Date.now() - replayStarted) / 1000).toFixed(1)} s, ${inbox.size} mails read so far)`,
      );
    }
    try {
      await action.run();
    } catch (error) {
      throw new DemoError(`While doing "${action.label}" at ${action.at}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  // Close the year on the first working day of 2024: invoices and the frozen report follow.
  await settle(150);
  log(
    `Year replayed in ${((Date.now() - replayStarted) / 1000).toFixed(1)} s ` +
      `(${waited.settles} waits for the bus, ${(waited.settleMs / 1000).toFixed(1)} s in all)`,
  );
  await advanceTo(plan.closeAt);
  const closing = await call('POST', '/api/admin/years/2023/close', undefined, { admin: true, expect: 202 });
  log(`Closed 2023 at ${cloud.clock.now().toISOString()}: ${JSON.stringify(closing.body)}`);
  let invoices = -1;
  let notInvoiced: string[] = [];
  let stableSince = Date.now();
  let report: YearReport | undefined;
  const deadline = Date.now() + 60_000;
  for (;;) {
    await settle();
    const list = await call('GET', '/api/admin/invoices?year=2024', undefined, { admin: true, expect: 200 });
    const count = (list.body.invoices as Array<{ kind: string }>).filter((i) => i.kind === 'invoice').length;
    notInvoiced = (list.body.notInvoiced as Array<{ municipalityCode: string; reason: string }>).map(
      (entry) => `${entry.municipalityCode} (${entry.reason})`,
    );
    if (count !== invoices) {
      invoices = count;
      stableSince = Date.now();
    }
    const current = await call('GET', '/api/admin/reports/2023', undefined, { admin: true, expect: 200 });
    report = current.body as YearReport;
    if (report.frozenAt && invoices > 0 && Date.now() - stableSince > 500) break;
    if (Date.now() > deadline) {
      anomalies.push(
        `After 60 s: ${invoices} invoices for 2024, report ${report.frozenAt ? 'frozen' : 'NOT frozen'}`,
      );
      break;
    }
    await sleep(100);
  }
  if (reportFile) writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  // The report against the demo's own tally of what it did through the API.
  const done = [...outcomes.values()];
  const tally = {
    registrations: done.reduce((sum, m) => sum + m.registered, 0),
    cancellations: done.reduce((sum, m) => sum + m.cancelled, 0),
    participations: done.reduce((sum, m) => sum + m.participantMunicipalities.length, 0),
    answers: done.reduce((sum, m) => sum + m.evaluations + m.lateEvaluations, 0),
  };
  const reported = {
    registrations: report?.participants.registrations,
    cancellations: report?.participants.cancellations,
    participations: report?.participants.participations,
    answers: report?.ratings.satisfaction.answers,
  };
  for (const [figure, value] of Object.entries(tally))
    if (reported[figure as keyof typeof reported] !== value)
      anomalies.push(
        `The report says ${figure} ${reported[figure as keyof typeof reported]}, the demo did ${value}`,
      );
  const format = async (name: 'csv' | 'html'): Promise<number | string> => {
    const answer = await call('GET', `/api/admin/reports/2023?format=${name}`, undefined, { admin: true });
    if (answer.status !== 200) {
      anomalies.push(
        `GET /api/admin/reports/2023?format=${name} → ${answer.status} ${answer.text.slice(0, 200)}`,
      );
      return `HTTP ${answer.status}`;
    }
    return Buffer.byteLength(answer.text);
  };
  const formats = { csv: await format('csv'), html: await format('html') };
  await inbox.refresh();
  if (cloud.bus.deadLetters.length > 0) {
    const rules = [...new Set(cloud.bus.deadLetters.map((d) => `${d.rule} (${d.error.slice(0, 120)})`))];
    anomalies.push(`${cloud.bus.deadLetters.length} events dead-lettered: ${rules.join('; ')}`);
  }
  return {
    report: report as YearReport,
    invoices,
    notInvoiced,
    meetings: [...outcomes.values()],
    anomalies,
    formats,
    mails: inbox.size,
  };
};
