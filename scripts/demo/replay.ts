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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Role } from '../../domain/meetings/registration';
import { addDays, stockholmDate, stockholmInstant } from '../../domain/shared/stockholm-time';
import type { YearReport } from '../../domain/statistics/year-report';
import { LocalClock } from '../../local/local-clock';
import { type LocalCloud, repoRoot, startLocalCloud } from '../../local/local-cloud';
import { seededRandom } from '../../local/seeded-random';
import type { StoredMail } from '../../local/ses-local';

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG
// ---------------------------------------------------------------------------------------------

class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  float(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= Math.max(0, weight(item));
      if (r < 0) return item;
    }
    return items[items.length - 1] as T;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

// ---------------------------------------------------------------------------------------------
// The year's shape: meetings, names, municipalities
// ---------------------------------------------------------------------------------------------

export type GroupId = 'environmental-strategy' | 'nature-conservation' | 'fair-trade';

interface MeetingSpec {
  key: string;
  focusGroupId: GroupId;
  kind: 'physical' | 'digital';
  days: string[];
  startTime: string;
  endTime: string;
  title: string;
  venue?: string;
  onlineUrl?: string;
  capacity: number;
  /** Registrations aimed at (before seeded variation); above capacity = the waiting list is used. */
  target: number;
  programme: string;
  speakers?: string[];
  partners?: string[];
}

const LST = 'Länsstyrelsen i Västra Götalands län';
const VGR = 'Västra Götalandsregionen';

/**
 * 18 meetings as in 2023: environmental strategy 4 physical (one over two days) + 4 digital,
 * nature conservation the same, fair trade 2; February to November, none in July.
 * Speakers are named by role and organisation only (no personal names).
 */
const MEETINGS: readonly MeetingSpec[] = [
  {
    key: 'E1',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: ['2023-02-09'],
    startTime: '09:00',
    endTime: '11:00',
    title: 'Digitalt nätverksmöte: kommunernas klimatlöften 2023',
    onlineUrl: 'https://meet.example.org/miljostrategi-klimatloften',
    capacity: 100,
    target: 48,
    programme: 'Klimat 2030 och kommunernas klimatlöften: årets löften, erfarenheter från uppföljningen.',
    speakers: ['Klimatstrateg, Västra Götalandsregionen (Klimat 2030)'],
    partners: [VGR],
  },
  {
    key: 'N1',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: ['2023-02-23'],
    startTime: '13:00',
    endTime: '15:00',
    title: 'Digitalt nätverksmöte: grön infrastruktur och ekosystemtjänster',
    onlineUrl: 'https://meet.example.org/naturvard-gron-infrastruktur',
    capacity: 100,
    target: 42,
    programme:
      'Regional handlingsplan för grön infrastruktur och hur kommunerna kan använda den i planeringen.',
    speakers: ['Handläggare grön infrastruktur, Länsstyrelsen'],
    partners: [LST],
  },
  {
    key: 'E2',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: ['2023-03-16'],
    startTime: '09:30',
    endTime: '15:30',
    title: 'Nätverksträff: klimatanpassning i den fysiska planeringen',
    venue: 'Stadshuset, Trollhättan',
    capacity: 45,
    target: 36,
    programme:
      'Skyfall, värmeböljor och höga flöden: riskkartering, översiktsplan och lunch med erfarenhetsutbyte.',
    speakers: ['Klimatanpassningssamordnare, Länsstyrelsen'],
    partners: [LST],
  },
  {
    key: 'N2',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: ['2023-03-29'],
    startTime: '10:00',
    endTime: '15:30',
    title: 'Nätverksträff: lokala naturvårdsprojekt (LONA)',
    venue: 'Stadshuset, Borås',
    capacity: 40,
    target: 32,
    programme: 'Ansökan, genomförande och redovisning av LONA-projekt; exempel från tre kommuner.',
    speakers: ['LONA-handläggare, Länsstyrelsen'],
    partners: [LST],
  },
  {
    key: 'E3',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: ['2023-04-20'],
    startTime: '13:00',
    endTime: '15:00',
    title: 'Digitalt nätverksmöte: klimatkrav i offentlig upphandling',
    onlineUrl: 'https://meet.example.org/miljostrategi-upphandling',
    capacity: 100,
    target: 48,
    programme:
      'Hur ställer vi klimatkrav som går att följa upp? Exempel på livsmedel, fordon och byggentreprenader.',
  },
  {
    key: 'N3',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: ['2023-04-26'],
    startTime: '09:00',
    endTime: '11:00',
    title: 'Digitalt nätverksmöte: invasiva främmande arter',
    onlineUrl: 'https://meet.example.org/naturvard-invasiva-arter',
    capacity: 100,
    target: 42,
    programme: 'Bekämpning av parkslide och blomsterlupin: metoder, ansvar och samordning mellan kommuner.',
    partners: [LST],
  },
  {
    key: 'F1',
    focusGroupId: 'fair-trade',
    kind: 'digital',
    days: ['2023-05-09'],
    startTime: '13:00',
    endTime: '15:00',
    title: 'Digitalt nätverksmöte: Fairtrade City-diplomering och kriterier',
    onlineUrl: 'https://meet.example.org/rattvis-handel-diplomering',
    capacity: 60,
    target: 30,
    programme: 'Diplomeringens kriterier, årsrapporten och hur styrgruppen kan arbeta under året.',
  },
  {
    key: 'E4',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: ['2023-05-24', '2023-05-25'],
    startTime: '09:30',
    endTime: '16:00',
    title: 'Tvådagarsträff: det miljöstrategiska arbetet i praktiken',
    venue: 'Nääs Slott, Lerum',
    capacity: 50,
    target: 45,
    programme:
      'Dag 1: miljömålsarbete, styrning och uppföljning; middag. Dag 2: workshop om kommunernas handlingsplaner.',
    speakers: ['Miljömålssamordnare, Länsstyrelsen', 'Klimatstrateg, Västra Götalandsregionen'],
    partners: [LST, VGR],
  },
  {
    key: 'N4',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: ['2023-06-07'],
    startTime: '09:30',
    endTime: '15:30',
    title: 'Nätverksträff: våtmarker och vatten i landskapet',
    venue: 'Naturum Hornborgasjön, Falköping',
    // Small on purpose: the year's most wanted meeting fills up and uses its waiting list.
    capacity: 30,
    target: 38,
    programme: 'Våtmarkssatsningen, restaurering av småvatten och en exkursion vid Hornborgasjön.',
    speakers: ['Våtmarkssamordnare, Länsstyrelsen'],
    partners: [LST],
  },
  {
    key: 'E5',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: ['2023-06-13'],
    startTime: '09:00',
    endTime: '11:00',
    title: 'Digitalt nätverksmöte: miljömålsuppföljning med nya indikatorer',
    onlineUrl: 'https://meet.example.org/miljostrategi-indikatorer',
    capacity: 100,
    target: 48,
    programme: 'Nyckeltal för kommunernas miljö- och klimatarbete och hur de kan redovisas för politiken.',
  },
  {
    key: 'N5',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: ['2023-08-30', '2023-08-31'],
    startTime: '09:30',
    endTime: '16:00',
    title: 'Tvådagarsträff: naturvårdsprogram och skyddad natur',
    venue: 'Naturum Kosterhavet, Strömstad',
    capacity: 45,
    target: 40,
    programme:
      'Dag 1: kommunala naturvårdsprogram och naturreservat. Dag 2: marint skydd och friluftsliv, exkursion.',
    speakers: ['Naturvårdshandläggare, Länsstyrelsen'],
    partners: [LST],
  },
  {
    key: 'E6',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: ['2023-09-14'],
    startTime: '09:30',
    endTime: '15:30',
    title: 'Nätverksträff: cirkulär ekonomi i kommunens verksamheter',
    venue: 'Stadshuset, Skövde',
    capacity: 45,
    target: 36,
    programme:
      'Återbruk av möbler och byggmaterial, cirkulära krav i upphandlingen och lunch med studiebesök.',
    partners: [VGR],
  },
  {
    key: 'N6',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: ['2023-09-26'],
    startTime: '13:00',
    endTime: '15:00',
    title: 'Digitalt nätverksmöte: tätortsnära natur och friluftsliv',
    onlineUrl: 'https://meet.example.org/naturvard-tatortsnara-natur',
    capacity: 100,
    target: 42,
    programme: 'Friluftslivsplaner, grönytefaktor och hur tätortsnära natur kan skyddas i detaljplaner.',
  },
  {
    key: 'F2',
    focusGroupId: 'fair-trade',
    kind: 'physical',
    days: ['2023-10-04'],
    startTime: '10:00',
    endTime: '15:00',
    title: 'Fairtrade-träff: rättvis handel i offentlig upphandling',
    venue: 'Rådhuset, Alingsås',
    // Small: fills up, so the waiting list is used here too.
    capacity: 24,
    target: 30,
    programme: 'Sociala krav och uppföljning av leverantörskedjor; Fairtrade Challenge och årets kampanjer.',
  },
  {
    key: 'E7',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: ['2023-10-10'],
    startTime: '13:00',
    endTime: '15:00',
    title: 'Digitalt nätverksmöte: koldioxidbudget och klimatbudget',
    onlineUrl: 'https://meet.example.org/miljostrategi-klimatbudget',
    capacity: 100,
    target: 48,
    programme:
      'Från koldioxidbudget till klimatbudget i kommunens budgetprocess: erfarenheter och fallgropar.',
    partners: [VGR],
  },
  {
    key: 'N7',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: ['2023-10-19'],
    startTime: '09:30',
    endTime: '15:30',
    title: 'Nätverksträff: skog, biologisk mångfald och kommunens markinnehav',
    venue: 'Stadshuset, Lidköping',
    capacity: 40,
    target: 32,
    programme: 'Naturvärdesinventering, skötselplaner för kommunägd skog och frivilliga avsättningar.',
    partners: [LST],
  },
  {
    key: 'E8',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: ['2023-11-16'],
    startTime: '09:30',
    endTime: '15:30',
    title: 'Nätverksträff: energieffektivisering och solel i kommunens fastigheter',
    venue: 'Stadshuset, Uddevalla',
    capacity: 45,
    target: 34,
    programme: 'Energikartläggning, solcellsparker på kommunal mark och energisamverkan mellan kommuner.',
    partners: [VGR],
  },
  {
    key: 'N8',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: ['2023-11-28'],
    startTime: '09:00',
    endTime: '11:00',
    title: 'Digitalt nätverksmöte: årets naturvårdsarbete och planering inför 2024',
    onlineUrl: 'https://meet.example.org/naturvard-planering-2024',
    capacity: 100,
    target: 42,
    programme: 'Återblick på året, medlemmarnas önskemål och teman för nästa års träffar.',
  },
];

const FIRST_NAMES: readonly string[] = (
  'Anna Erik Maria Lars Karin Johan Eva Per Sara Anders Emma Mikael Lena Fredrik Sofia Magnus ' +
  'Helena Jonas Linnea Daniel Elin Oskar Ida Henrik Maja Gustav Frida Niklas Malin Viktor Johanna ' +
  'Mattias Hanna Andreas Ulrika Peter Kristina Martin Camilla Jakob Ingrid Tobias Ebba Olof Astrid ' +
  'Nils Åsa Björn'
).split(' ');

const LAST_NAMES: readonly string[] = (
  'Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson ' +
  'Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström ' +
  'Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson ' +
  'Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström Danielsson Håkansson ' +
  'Eklund Lundin Gunnarsson Holm Samuelsson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren ' +
  'Söderberg Nyberg Blomqvist Claesson'
).split(' ');

const DIETARY_NEEDS = ['Vegetarisk kost', 'Vegansk kost', 'Glutenfri kost', 'Laktosfri kost', 'Nötallergi'];

const COMMENTS = [
  'Mycket givande dag, bra blandning av föredrag och diskussion.',
  'Bra exempel från andra kommuner som vi kan ta med oss hem.',
  'Värdefullt att träffa kollegor från andra kommuner.',
  'Lite för mycket information på kort tid, men mycket intressant.',
  'Önskar mer tid för erfarenhetsutbyte i mindre grupper.',
  'Tydliga presentationer, tack för materialet!',
  'Skulle gärna se en uppföljning av temat till hösten.',
  'Tekniken strulade i början men sedan fungerade det bra.',
  'Relevant för mitt arbete med översiktsplanen.',
  'Bra att Länsstyrelsen var med och kunde svara på frågor.',
  'Inspirerande! Fler studiebesök nästa gång.',
  'Lagom långt digitalt möte, bra moderering.',
  'Nyttigt underlag inför vår egen handlingsplan.',
  'Hade önskat mer om uppföljning och nyckeltal.',
];

/** The roles a group's officials have, with weights. */
const ROLE_MIX: Record<GroupId, ReadonlyArray<[Role, number]>> = {
  'environmental-strategy': [
    ['environmental-strategist', 45],
    ['sustainability-strategist', 35],
    ['municipal-ecologist', 5],
    ['other', 15],
  ],
  'nature-conservation': [
    ['municipal-ecologist', 55],
    ['environmental-strategist', 15],
    ['sustainability-strategist', 10],
    ['other', 20],
  ],
  'fair-trade': [
    ['fairtrade-coordinator', 70],
    ['sustainability-strategist', 15],
    ['other', 15],
  ],
};

/** How the officials' main interest splits between the groups. */
const GROUP_MIX: ReadonlyArray<[GroupId, number]> = [
  ['environmental-strategy', 47],
  ['nature-conservation', 43],
  ['fair-trade', 10],
];

/** Officials who register during the year (walk-ins come on top). */
const REGISTERING_OFFICIALS = 428;

/** Herrljunga joins on 1 July 2023 (data/members-2023.csv): nobody from there registers before. */
const LATE_MEMBER = { code: '1466', from: '2023-07-01' } as const;

const readCsv = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(repoRoot, 'data', file), 'utf8')
    .trim()
    .split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
};

const asciiSlug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

interface Member {
  code: string;
  name: string;
  population: number;
  joined: string;
}

/** The 39 members of 2023 with their latest known population (data/). */
const membersOf2023 = (): Member[] => {
  const municipalities = new Map(readCsv('vg-municipalities.csv').map((row) => [row.code as string, row]));
  return readCsv('members-2023.csv').map((row) => {
    const municipality = municipalities.get(row.code as string);
    if (!municipality) throw new Error(`members-2023.csv: unknown municipality ${row.code}`);
    const population = Number(
      municipality.population_2023 || municipality.population_2022 || municipality.population_2021,
    );
    return {
      code: row.code as string,
      name: municipality.name as string,
      population,
      joined: row.joined as string,
    };
  });
};

// ---------------------------------------------------------------------------------------------
// The plan: a pure function of the seed
// ---------------------------------------------------------------------------------------------

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

export interface PlannedEvaluation {
  /** 1: answers the first link; 2: answers after the reminder three days later. */
  round: 1 | 2;
  satisfaction: number;
  usefulness: number;
  comment?: string;
}

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

export interface PlannedWalkIn {
  meetingKey: string;
  official: number;
  days: string[];
  evaluation?: PlannedEvaluation;
}

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

// ---------------------------------------------------------------------------------------------
// Running the plan against the local cloud
// ---------------------------------------------------------------------------------------------

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

class DemoError extends Error {
  override readonly name = 'DemoError';
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

const TOKEN_IN_TEXT = /\/(cancel|evaluate)\?token=([A-Za-z0-9._~%-]+)/g;

/**
 * The local SES inbox, read incrementally (`/store?since=<epoch s>`) and indexed by the
 * registration each link stands for (tokens are `<meetingId>.<registrationId>.<mac>`), so a phase
 * reads only the mail that arrived since the last read instead of the thousands before.
 */
class Inbox {
  private readonly seen = new Set<string>();
  private since = 0;
  readonly cancelLinks = new Map<string, { token: string; to: string }>();
  readonly evaluateLinks = new Map<string, { token: string; to: string; mails: number }>();

  constructor(private readonly sesUrl: string) {}

  get size(): number {
    return this.seen.size;
  }

  async refresh(): Promise<void> {
    const startedAt = Math.floor(Date.now() / 1000) - 2;
    const url = this.since > 0 ? `${this.sesUrl}/store?since=${this.since}` : `${this.sesUrl}/store`;
    const response = await fetch(url, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local' } });
    if (!response.ok) throw new DemoError(`GET ${url} → ${response.status}`);
    const { emails } = (await response.json()) as { emails: StoredMail[] };
    for (const mail of emails) {
      if (this.seen.has(mail.messageId)) continue;
      this.seen.add(mail.messageId);
      const to = mail.destination.to[0] ?? '';
      // One entry per link in this mail, however often its text repeats it.
      const links = new Map<string, { page: string; token: string }>();
      for (const [, page, raw] of (mail.body.text ?? '').matchAll(TOKEN_IN_TEXT)) {
        const token = decodeURIComponent(raw as string);
        const [meetingId, registrationId] = token.split('.');
        links.set(`${page} ${meetingId}.${registrationId}`, { page: page as string, token });
      }
      for (const [id, { page, token }] of links) {
        const key = id.slice(id.indexOf(' ') + 1);
        if (page === 'cancel') this.cancelLinks.set(key, { token, to });
        else {
          const known = this.evaluateLinks.get(key);
          this.evaluateLinks.set(key, { token, to, mails: (known?.mails ?? 0) + 1 });
        }
      }
    }
    this.since = startedAt;
  }
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

// ---------------------------------------------------------------------------------------------
// The summary and the command line
// ---------------------------------------------------------------------------------------------

const mean = (value: number | null | undefined) => (value == null ? '–' : value.toFixed(2));

/** A readable summary of a finished run. */
export const summarize = (result: DemoResult, reportFile?: string): string => {
  const { report } = result;
  const p = report.participants;
  const lines = [
    '',
    `Year report ${report.year}${report.frozenAt ? ` (frozen ${report.frozenAt})` : ' (NOT frozen)'}`,
    `  Members              ${report.members.count} (joined during the year: ${report.members.joined.map((c) => `${c} ${report.members.names[c] ?? ''}`.trim()).join(', ') || 'none'})`,
    `  Meetings             ${report.meetings.total}: ${report.meetings.physical} physical (${report.meetings.twoDay} over two days), ${report.meetings.digital} digital`,
  ];
  for (const [group, counts] of Object.entries(report.meetings.byFocusGroup)) {
    const name = report.focusGroupNames[group]?.sv ?? group;
    lines.push(
      `    ${name.padEnd(24)} ${counts.total}: ${counts.physical} physical (${counts.twoDay} two-day), ${counts.digital} digital`,
    );
  }
  lines.push(
    `  Unique officials     ${p.unique}`,
    `  Participations       ${p.participations} (person-days ${p.personDays}; walk-ins ${p.walkIns})`,
    `  Registrations        ${p.registrations} (cancelled ${p.cancellations}; no-shows ${p.noShows})`,
    `  Ratings (1–6)        satisfaction ${mean(report.ratings.satisfaction.mean)}, usefulness ${mean(report.ratings.usefulness.mean)}; ` +
      `${report.ratings.satisfaction.answers} answers, response rate ${report.ratings.responseRate == null ? '–' : `${Math.round(report.ratings.responseRate * 100)} %`}`,
    '  Per meeting          (participations, satisfaction / usefulness)',
  );
  for (const line of report.perMeeting) {
    lines.push(
      `    ${line.days[0]}${line.days.length > 1 ? '+' : ' '} ${line.kind === 'physical' ? 'P' : 'D'} ${String(line.participations).padStart(3)}  ` +
        `${mean(line.satisfaction.mean)} / ${mean(line.usefulness.mean)}  ${line.title}`,
    );
  }
  const full = result.meetings.filter((m) => m.waitlisted > 0);
  for (const m of full)
    lines.push(
      `  Waiting list         ${m.days[0]} ${m.title}: ${m.registered} registered, ${m.waitlisted} waitlisted, ` +
        `${m.cancelled} cancelled, ${m.promoted} promoted`,
    );
  lines.push(
    `  Survey respondents   ${Object.entries(report.survey.respondentsByYear)
      .map(([year, n]) => `${year}: ${n}`)
      .join(', ')}`,
    `  Invoices for 2024    ${result.invoices}${result.notInvoiced.length > 0 ? ` (not invoiced: ${result.notInvoiced.join(', ')})` : ''}`,
    `  Report formats       CSV ${typeof result.formats.csv === 'number' ? `${result.formats.csv} bytes` : result.formats.csv}, HTML ${typeof result.formats.html === 'number' ? `${result.formats.html} bytes` : result.formats.html}`,
    `  Mails sent           ${result.mails}`,
    `  Elapsed              ${(result.elapsedMs / 1000).toFixed(1)} s`,
  );
  if (reportFile) lines.push(`  Report JSON          ${reportFile}`);
  if (result.anomalies.length > 0) {
    lines.push('', 'Anomalies (the product did not do what the plan expected):');
    for (const anomaly of result.anomalies) lines.push(`  - ${anomaly}`);
  }
  lines.push(
    '',
    'Meeting and registration ids are random UUIDs from the system: two runs with the same seed give',
    'the same figures, not the same ids.',
    '',
  );
  return lines.join('\n');
};

const parseArguments = (argv: readonly string[]): { seed: number; reportFile?: string } => {
  let seed = 2023;
  let reportFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seed') {
      seed = Number(argv[++i]);
      if (!Number.isInteger(seed)) throw new DemoError('--seed needs an integer');
    } else if (arg === '--report-file') {
      const file = argv[++i];
      if (!file) throw new DemoError('--report-file needs a file name');
      reportFile = resolve(file);
    } else throw new DemoError(`Unknown argument ${arg} (use --seed N, --report-file F)`);
  }
  return { seed, ...(reportFile ? { reportFile } : {}) };
};

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new DemoError(`${name} must be a port number`);
  return value;
};

const isEntryPoint = process.argv[1]?.endsWith('replay.ts');
if (isEntryPoint) {
  process.env.LOG_LEVEL ??= 'silent';
  const write = (line: string) => process.stdout.write(`${line}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the local cloud…\n`);
      void (activeCloud?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  try {
    const args = parseArguments(process.argv.slice(2));
    const result = await runDemo({
      seed: args.seed,
      port: port('PORT', 3000),
      sesPort: port('SES_PORT', 8005),
      dynamoDbPort: port('DYNAMODB_PORT', 8000),
      ...(args.reportFile ? { reportFile: args.reportFile } : {}),
      log: write,
    });
    write(summarize(result, args.reportFile));
    process.exit(0);
  } catch (error) {
    process.stderr.write(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.cause instanceof Error && process.env.DEBUG)
      process.stderr.write(`${error.cause.stack}\n`);
    process.exit(1);
  }
}
