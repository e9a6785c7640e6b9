import { describe, expect, it } from '@jest/globals';
import type { Municipality } from '../../../../domain/members/municipality';
import type { Counters, MeetingFacts } from '../../../../domain/ports';
import { buildYearReport, type YearReportInputs } from '../../../../domain/statistics/build-year-report';

const municipality = (
  code: string,
  name: string,
  memberships: Municipality['memberships'],
): Municipality => ({
  code,
  name,
  memberships,
});

const meeting = (
  id: string,
  days: string[],
  counters: Counters,
  overrides: Partial<MeetingFacts> = {},
): MeetingFacts & { counters: Counters } => ({
  meetingId: id,
  title: `Möte ${id}`,
  focusGroupId: 'environmental-strategy',
  kind: 'physical',
  days,
  status: 'scheduled',
  counters,
  ...overrides,
});

const inputs = (overrides: Partial<YearReportInputs> = {}): YearReportInputs => ({
  year: 2023,
  generatedAt: '2024-01-10T09:00:00.000Z',
  today: '2024-01-10',
  figures: { meetings: [], year: {} },
  municipalities: [
    municipality('1480', 'Göteborg', [{ from: '2019-01-01' }]),
    municipality('1466', 'Herrljunga', [{ from: '2023-07-01' }]),
    municipality('1401', 'Härryda', [{ from: '2019-01-01', to: '2023-06-30' }]),
    municipality('1402', 'Partille', [{ from: '2024-01-01' }]),
    municipality('1407', 'Öckerö', [{ from: '2023-01-01' }]),
  ],
  focusGroups: [
    { id: 'environmental-strategy', name: { sv: 'Miljöstrategigruppen', en: 'Environmental strategy' } },
  ],
  surveys: [
    { year: 2024, respondents: 70 },
    { year: 2019, respondents: 62 },
    { year: 2023, respondents: 63 },
  ],
  ...overrides,
});

describe('buildYearReport', () => {
  it('counts members on 31 December, those who joined after 1 January and those who left', () => {
    // Act
    const report = buildYearReport(inputs());

    // Assert
    expect(report.members).toEqual({
      count: 3,
      joined: ['1466'],
      left: ['1401'],
      names: { '1480': 'Göteborg', '1466': 'Herrljunga', '1401': 'Härryda', '1407': 'Öckerö' },
    });
  });

  it('leaves out meetings still ahead and cancelled ones, and sums the rest per group and kind', () => {
    // Arrange
    const figures = {
      meetings: [
        meeting('a', ['2023-03-01', '2023-03-02'], {
          'all#participations': 10,
          'all#seatsHeld': 12,
          'all#attendedRegistered': 9,
        }),
        meeting(
          'b',
          ['2023-05-01'],
          { 'all#participations': 5 },
          { kind: 'digital', focusGroupId: 'fair-trade' },
        ),
        meeting('c', ['2023-06-01'], { 'all#participations': 99 }, { status: 'cancelled' }),
        meeting('d', ['2023-12-20'], { 'all#registrations': 4 }),
      ],
      year: { 'unique#all': 12, 'unique#group:fair-trade': 5 },
    };

    // Act: in the middle of December, meeting d has not happened yet
    const report = buildYearReport(inputs({ figures, today: '2023-12-15' }));

    // Assert
    expect(report.meetings).toMatchObject({ total: 2, physical: 1, digital: 1, twoDay: 1, cancelled: 1 });
    expect(report.participants).toMatchObject({
      participations: 15,
      unique: 12,
      registrations: 0,
      noShows: 3,
    });
    expect(report.participants.byFocusGroup['fair-trade']).toMatchObject({ participations: 5, unique: 5 });
    expect(report.perMeeting.map((m) => m.meetingId)).toEqual(['a', 'b']);
  });

  it('gives means with two decimals, null without answers, and the response rate per participation', () => {
    // Arrange
    const figures = {
      meetings: [
        meeting('a', ['2023-03-01'], {
          'all#participations': 3,
          'satisfaction:5': 1,
          'satisfaction:6': 2,
          'usefulness:4': 3,
        }),
        meeting('b', ['2023-04-01'], { 'all#participations': 2 }),
      ],
      year: {},
    };

    // Act
    const report = buildYearReport(inputs({ figures }));

    // Assert
    expect(report.perMeeting[0]?.satisfaction).toEqual({
      mean: 5.67,
      distribution: [0, 0, 0, 0, 1, 2],
      answers: 3,
    });
    expect(report.perMeeting[0]?.responseRate).toBe(1);
    expect(report.perMeeting[1]?.satisfaction.mean).toBeNull();
    expect(report.perMeeting[1]?.responseRate).toBe(0);
    expect(report.ratings.responseRate).toBe(0.6);
  });

  it('lists survey respondents of this year and the years before, not later ones', () => {
    const report = buildYearReport(inputs());

    expect(report.survey).toEqual({
      respondentsByYear: { 2019: 62, 2023: 63 },
      thisYear: { year: 2023, respondents: 63 },
    });
  });
});
