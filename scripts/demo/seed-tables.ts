/**
 * The seed tables of the demo year: the 2023 meetings, the generated officials' names, what they
 * eat and write, the mix of roles and groups, and the member municipalities (read from data/).
 * Data, not logic: the plan (plan.ts) draws from these.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../domain/meetings/registration';
import { repoRoot } from '../../local/local-cloud';

/** The network's three focus groups. */
export type GroupId = 'environmental-strategy' | 'nature-conservation' | 'fair-trade';

/** One meeting of the demo year as written in the table below, before the plan fills in the people. */
export interface MeetingSpec {
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
export const MEETINGS: readonly MeetingSpec[] = [
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

/** First names the generated officials are given. */
export const FIRST_NAMES: readonly string[] = (
  'Anna Erik Maria Lars Karin Johan Eva Per Sara Anders Emma Mikael Lena Fredrik Sofia Magnus ' +
  'Helena Jonas Linnea Daniel Elin Oskar Ida Henrik Maja Gustav Frida Niklas Malin Viktor Johanna ' +
  'Mattias Hanna Andreas Ulrika Peter Kristina Martin Camilla Jakob Ingrid Tobias Ebba Olof Astrid ' +
  'Nils Åsa Björn'
).split(' ');

/** Last names the generated officials are given. */
export const LAST_NAMES: readonly string[] = (
  'Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson ' +
  'Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström ' +
  'Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson ' +
  'Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström Danielsson Håkansson ' +
  'Eklund Lundin Gunnarsson Holm Samuelsson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren ' +
  'Söderberg Nyberg Blomqvist Claesson'
).split(' ');

/** What some participants of a physical meeting tell the kitchen. */
export const DIETARY_NEEDS = [
  'Vegetarisk kost',
  'Vegansk kost',
  'Glutenfri kost',
  'Laktosfri kost',
  'Nötallergi',
];

/** Free-text comments some evaluations carry. */
export const COMMENTS = [
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
export const ROLE_MIX: Record<GroupId, ReadonlyArray<[Role, number]>> = {
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
export const GROUP_MIX: ReadonlyArray<[GroupId, number]> = [
  ['environmental-strategy', 47],
  ['nature-conservation', 43],
  ['fair-trade', 10],
];

/** Officials who register during the year (walk-ins come on top). */
export const REGISTERING_OFFICIALS = 428;

/** Herrljunga joins on 1 July 2023 (data/members-2023.csv): nobody from there registers before. */
export const LATE_MEMBER = { code: '1466', from: '2023-07-01' } as const;

const readCsv = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(repoRoot, 'data', file), 'utf8')
    .trim()
    .split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
};

/** `text` lower-cased, without diacritics, non-alphanumerics folded to `-`: the e-mail address parts. */
export const asciiSlug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

/** A member municipality of 2023, with the population its fee is based on. */
export interface Member {
  code: string;
  name: string;
  population: number;
  joined: string;
}

/** The 39 members of 2023 with their latest known population (data/). */
export const membersOf2023 = (): Member[] => {
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
