import { describe, expect, it } from '@jest/globals';
import {
  type Registrant,
  registrantRows,
  searchKey,
  selectRegistrants,
} from '../../../../domain/meetings/list-registrants';
import type { StoredRegistration } from '../../../../domain/ports';
import { aMeeting } from '../../../fixtures/builders';

const meeting = aMeeting({ days: ['2027-03-10', '2027-03-11'] });

const stored = (id: string, overrides: Partial<StoredRegistration> = {}): StoredRegistration => ({
  id,
  meetingId: meeting.id,
  name: `Person ${id}`,
  email: `${id}@kommun.example`,
  municipalityCode: '1480',
  role: 'environmental-strategist',
  days: ['2027-03-10', '2027-03-11'],
  language: 'sv',
  receivedAt: `2027-01-0${id.length}T10:00:00.000Z`,
  consentedAt: '2027-01-01T10:00:00.000Z',
  status: 'confirmed',
  ...overrides,
});

const names = (rows: Registrant[]) => rows.map((row) => row.name);

describe('registrantRows', () => {
  it('numbers the waiting list in the order the book gives it and keeps attendance per registration', () => {
    // Arrange
    const registrations = [
      stored('a'),
      stored('b', { status: 'waitlisted' }),
      stored('c', { status: 'cancelled', cancelledAt: '2027-02-01T00:00:00.000Z' }),
      stored('d', { status: 'waitlisted' }),
    ];
    const present = [
      { registrationId: 'a', day: '2027-03-11' },
      { registrationId: 'a', day: '2027-03-10' },
    ];

    // Act
    const rows = registrantRows(meeting, registrations, present);

    // Assert
    expect(rows.map((row) => [row.registrationId, row.queuePosition])).toEqual([
      ['a', undefined],
      ['b', 1],
      ['c', undefined],
      ['d', 2],
    ]);
    expect(rows[0]?.attended).toEqual(['2027-03-10', '2027-03-11']);
    expect(rows[2]?.cancelledAt).toBe('2027-02-01T00:00:00.000Z');
  });

  it('shows the days of a moved meeting as its current dates', () => {
    // Arrange
    const moved = { ...meeting, days: ['2027-04-01', '2027-04-02'], scheduledDays: meeting.days };

    // Act
    const [row] = registrantRows(moved, [stored('a', { days: ['2027-03-11'] })], []);

    // Assert
    expect(row?.days).toEqual(['2027-04-02']);
  });
});

describe('selectRegistrants', () => {
  const rows = registrantRows(
    meeting,
    [
      stored('a', { name: 'Åsa Öström', municipalityCode: '1490', receivedAt: '2027-01-03T00:00:00.000Z' }),
      stored('b', {
        name: 'Erik Lind',
        status: 'waitlisted',
        role: 'municipal-ecologist',
        days: ['2027-03-10'],
        receivedAt: '2027-01-01T00:00:00.000Z',
      }),
      stored('c', { name: 'Zoran Berg', municipalityCode: '1401', receivedAt: '2027-01-02T00:00:00.000Z' }),
      stored('d', { name: 'Örjan Ek', days: ['2027-03-11'], receivedAt: '2027-01-04T00:00:00.000Z' }),
    ],
    [],
  );

  it('finds a name without regard to case or diacritics', () => {
    expect(names(selectRegistrants(rows, { q: 'OSTROM' }))).toEqual(['Åsa Öström']);
    expect(names(selectRegistrants(rows, { q: 'åsa ö' }))).toEqual(['Åsa Öström']);
  });

  it('filters by status, day, municipality and role together', () => {
    expect(names(selectRegistrants(rows, { status: 'waitlisted' }))).toEqual(['Erik Lind']);
    expect(names(selectRegistrants(rows, { day: '2027-03-11' }))).toEqual([
      'Zoran Berg',
      'Åsa Öström',
      'Örjan Ek',
    ]);
    expect(
      names(selectRegistrants(rows, { municipalityCode: '1480', role: 'environmental-strategist' })),
    ).toEqual(['Örjan Ek']);
  });

  it('sorts by registration time by default, by name in Swedish order, or by municipality', () => {
    expect(names(selectRegistrants(rows, {}))).toEqual(['Erik Lind', 'Zoran Berg', 'Åsa Öström', 'Örjan Ek']);
    // Swedish: Z < Å < Ö (not as a, o).
    expect(names(selectRegistrants(rows, { sort: 'name' }))).toEqual([
      'Erik Lind',
      'Zoran Berg',
      'Åsa Öström',
      'Örjan Ek',
    ]);
    expect(names(selectRegistrants(rows, { sort: 'municipality' }))).toEqual([
      'Zoran Berg',
      'Erik Lind',
      'Örjan Ek',
      'Åsa Öström',
    ]);
  });
});

describe('searchKey', () => {
  it('folds case and accents', () => {
    expect(searchKey(' Ångström-Müller ')).toBe('angstrom-muller');
  });
});
