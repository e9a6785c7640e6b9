import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FocusGroup } from '../domain/meetings/focus-group';
import type { MeetingPlan } from '../domain/meetings/meeting';
import type { Municipality } from '../domain/members/municipality';
import { addDays } from '../domain/shared/stockholm-time';

const repoRoot = join(import.meta.dirname, '..');

const readCsv = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(repoRoot, 'data', file), 'utf8')
    .trim()
    .split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
};

/** The county's 49 municipalities, with membership periods from data/members-2023.csv. */
export const demoMunicipalities = (): Municipality[] => {
  const joined = new Map(readCsv('members-2023.csv').map((row) => [row.code, row.joined as string]));
  return readCsv('vg-municipalities.csv').map((row) => {
    const from = joined.get(row.code as string);
    return { code: row.code as string, name: row.name as string, memberships: from ? [{ from }] : [] };
  });
};

export const demoFocusGroups: FocusGroup[] = [
  { id: 'environmental-strategy', name: { sv: 'Miljöstrategigruppen', en: 'Environmental strategy' } },
  { id: 'nature-conservation', name: { sv: 'Naturvårdsgruppen', en: 'Nature conservation' } },
  { id: 'fair-trade', name: { sv: 'Rättvis handel-gruppen', en: 'Fair trade' } },
];

/** A few upcoming meetings relative to `today` (YYYY-MM-DD), registration open. */
export const demoMeetings = (today: string): MeetingPlan[] => [
  {
    title: 'Digitalt nätverksmöte: kommunernas klimatlöften',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: [addDays(today, 8)],
    startTime: '09:00',
    endTime: '11:00',
    onlineUrl: 'https://meet.example.org/miljostrategi',
    capacity: 100,
  },
  {
    title: 'Nätverksträff: digitalt naturvårdsmöte om ekosystemtjänster',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: [addDays(today, 14)],
    startTime: '13:00',
    endTime: '15:00',
    onlineUrl: 'https://meet.example.org/naturvard',
    capacity: 80,
  },
  {
    title: 'Tvådagarsträff: hållbarhetsarbetet i praktiken',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: [addDays(today, 21), addDays(today, 22)],
    startTime: '09:30',
    endTime: '16:00',
    venue: 'Konferenscentrum, Trollhättan',
    capacity: 40,
  },
  {
    title: 'Nätverksträff: natur i stadsplaneringen',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: [addDays(today, 30)],
    startTime: '10:00',
    endTime: '15:30',
    venue: 'Stadshuset, Borås',
    capacity: 35,
  },
  {
    title: 'Fairtrade-träff: hållbar upphandling',
    focusGroupId: 'fair-trade',
    kind: 'physical',
    days: [addDays(today, 35)],
    startTime: '10:00',
    endTime: '12:00',
    venue: 'Rådhuset, Alingsås',
    // Small on purpose: the demo shows the waiting list after a few registrations.
    capacity: 3,
  },
];
