/** The columns of the registrant exports (CSV and XLSX), stated once, with Swedish headers. */
import type { Registrant, RegistrantStatus } from '../../domain/meetings/list-registrants';
import type { Role } from '../../domain/meetings/registration';
import { stockholmWallClock } from '../../domain/shared/stockholm-time';

/** An instant as Stockholm wall-clock time, `2026-12-08 09:30`, as a spreadsheet shows it. */
const stockholmMinute = (iso: string): string => {
  const { date, time } = stockholmWallClock(new Date(iso));
  return `${date} ${time.slice(0, 5)}`;
};

const STATUS: Record<RegistrantStatus, string> = {
  confirmed: 'Bekräftad',
  waitlisted: 'Väntelista',
  cancelled: 'Avbokad',
  'walk-in': 'Oanmäld deltagare',
};

const ROLE: Record<Role, string> = {
  'environmental-strategist': 'Miljöstrateg',
  'sustainability-strategist': 'Hållbarhetsstrateg',
  'municipal-ecologist': 'Kommunekolog',
  'fairtrade-coordinator': 'Fairtrade-samordnare',
  other: 'Annan',
};

export interface RegistrantColumn {
  header: string;
  value: (registrant: Registrant) => string;
  /** Width in characters, for the spreadsheet. */
  width: number;
}

export const registrantColumns = (): RegistrantColumn[] => [
  { header: 'Namn', value: (r) => r.name, width: 28 },
  { header: 'E-post', value: (r) => r.email, width: 32 },
  { header: 'Kommunkod', value: (r) => r.municipalityCode, width: 11 },
  { header: 'Roll', value: (r) => ROLE[r.role], width: 22 },
  { header: 'Dagar', value: (r) => r.days.join(', '), width: 24 },
  { header: 'Kostönskemål', value: (r) => r.dietaryNeeds ?? '', width: 28 },
  { header: 'Status', value: (r) => STATUS[r.status], width: 18 },
  {
    header: 'Plats i kön',
    value: (r) => (r.queuePosition === undefined ? '' : String(r.queuePosition)),
    width: 11,
  },
  { header: 'Anmäld', value: (r) => stockholmMinute(r.registeredAt), width: 17 },
  { header: 'Närvarande', value: (r) => r.attended.join(', '), width: 24 },
];
