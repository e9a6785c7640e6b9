import { describe, expect, it } from '@jest/globals';
import { type Issue, ValidationError } from '../../../../domain/errors';
import {
  defaultRegistrationClose,
  hasSeatsOn,
  isRegistrationOpen,
  type Meeting,
  type MeetingPlan,
  meetingView,
  planMeeting,
  seatsLeft,
} from '../../../../domain/meetings/meeting';
import { aMeeting, aMeetingPlan } from '../../../fixtures/builders';

/** The issues a plan breaks, or fails the test when it is accepted. */
const issuesOf = (run: () => unknown): Issue[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('Expected a ValidationError');
};

const paths = (issues: Issue[]): string[] => issues.map((issue) => issue.path).sort();

const digitalPlan = {
  kind: 'digital' as const,
  days: ['2027-03-10'],
  venue: undefined,
  onlineUrl: 'https://meet.example.org/room',
};

describe('planMeeting', () => {
  it('schedules a valid two-day physical meeting with no seat taken on either day', () => {
    // Arrange
    const plan = aMeetingPlan({ days: ['2027-03-10', '2027-03-11'], capacity: 40 });

    // Act
    const meeting = planMeeting(plan, 'meeting-7');

    // Assert
    expect(meeting).toMatchObject({
      id: 'meeting-7',
      status: 'scheduled',
      days: ['2027-03-10', '2027-03-11'],
      capacity: 40,
      venue: 'Stadshuset, Borås',
      seatsTaken: { '2027-03-10': 0, '2027-03-11': 0 },
      waitlisted: 0,
    });
    expect(meeting.onlineUrl).toBeUndefined();
  });

  it('sorts the days ascending', () => {
    // Arrange
    const plan = aMeetingPlan({ days: ['2027-03-11', '2027-03-10'] });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.days).toEqual(['2027-03-10', '2027-03-11']);
  });

  it('keeps the link and no venue for a digital meeting', () => {
    // Arrange
    const plan = aMeetingPlan(digitalPlan);

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.onlineUrl).toBe('https://meet.example.org/room');
    expect('venue' in meeting && meeting.venue !== undefined).toBe(false);
    expect(meeting.seatsTaken).toEqual({ '2027-03-10': 0 });
  });

  it('closes registration by default at 23:59 Stockholm winter time the day before (22:59Z)', () => {
    // Arrange
    const plan = aMeetingPlan({ days: ['2027-03-10', '2027-03-11'] });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-03-09T22:59:00.000Z');
  });

  it('closes registration by default at 23:59 Stockholm summer time the day before (21:59Z)', () => {
    // Arrange
    const plan = aMeetingPlan({ days: ['2027-06-10'] });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-06-09T21:59:00.000Z');
  });

  it('takes the default close back across a month end and a DST switch', () => {
    // Arrange: the day before 2027-04-01 is 2027-03-31, already summer time
    const plan = aMeetingPlan({ days: ['2027-04-01'] });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-03-31T21:59:00.000Z');
  });

  it('closes in winter time for a meeting on the spring switch day itself', () => {
    // Arrange: 2027-03-27 23:59 is still CET

    // Act
    const closesAt = defaultRegistrationClose('2027-03-28');

    // Assert
    expect(closesAt.toISOString()).toBe('2027-03-27T22:59:00.000Z');
  });

  it('stores an explicit close given with an offset as a UTC instant', () => {
    // Arrange
    const plan = aMeetingPlan({ registrationClosesAt: '2027-03-09T12:00:00+01:00' });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-03-09T11:00:00.000Z');
  });

  it('accepts a close exactly at the start (09:30 Stockholm = 08:30Z)', () => {
    // Arrange
    const plan = aMeetingPlan({
      days: ['2027-03-10'],
      startTime: '09:30',
      registrationClosesAt: '2027-03-10T08:30:00Z',
    });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-03-10T08:30:00.000Z');
  });

  it('rejects a close one minute after the start', () => {
    // Arrange
    const plan = aMeetingPlan({
      days: ['2027-03-10'],
      startTime: '09:30',
      registrationClosesAt: '2027-03-10T08:31:00Z',
    });

    // Act
    const issues = issuesOf(() => planMeeting(plan, 'm'));

    // Assert
    expect(paths(issues)).toEqual(['registrationClosesAt']);
  });

  it('keeps the default close before a meeting that starts at midnight', () => {
    // Arrange: 00:00 is the earliest start; 23:59 the day before still precedes it
    const plan = aMeetingPlan({ days: ['2027-03-10'], startTime: '00:00', endTime: '01:00' });

    // Act
    const meeting = planMeeting(plan, 'm');

    // Assert
    expect(meeting.registrationClosesAt).toBe('2027-03-09T22:59:00.000Z');
  });

  it.each<[string, Partial<MeetingPlan>, string[]]>([
    ['the same day twice', { days: ['2027-03-10', '2027-03-10'] }, ['days']],
    ['three days for a physical meeting', { days: ['2027-03-10', '2027-03-11', '2027-03-12'] }, ['days']],
    ['two days that are not consecutive', { days: ['2027-03-10', '2027-03-12'] }, ['days']],
    ['an end equal to the start', { startTime: '10:00', endTime: '10:00' }, ['endTime']],
    ['an end before the start', { startTime: '13:00', endTime: '09:00' }, ['endTime']],
    ['a physical meeting without a venue', { venue: undefined }, ['venue']],
    ['a physical meeting with an empty venue', { venue: '' }, ['venue']],
    ['a physical meeting with an online link', { onlineUrl: 'https://meet.example.org/x' }, ['onlineUrl']],
    ['a digital meeting without a link', { ...digitalPlan, onlineUrl: undefined }, ['onlineUrl']],
    ['a digital meeting with a venue', { ...digitalPlan, venue: 'Stadshuset' }, ['venue']],
    ['a digital meeting on two days', { ...digitalPlan, days: ['2027-03-10', '2027-03-11'] }, ['days']],
  ])('rejects %s', (_label, overrides, expectedPaths) => {
    // Arrange
    const plan = aMeetingPlan(overrides);

    // Act
    const issues = issuesOf(() => planMeeting(plan, 'm'));

    // Assert
    expect(paths(issues)).toEqual(expectedPaths);
  });

  it('accepts two consecutive days across a month end and a year end', () => {
    // Arrange
    const plans = [
      aMeetingPlan({ days: ['2027-03-31', '2027-04-01'] }),
      aMeetingPlan({ days: ['2027-12-31', '2028-01-01'] }),
    ];

    // Act
    const meetings = plans.map((plan) => planMeeting(plan, 'm'));

    // Assert
    expect(meetings.map((m) => m.days)).toEqual([
      ['2027-03-31', '2027-04-01'],
      ['2027-12-31', '2028-01-01'],
    ]);
  });

  it('lists every broken invariant at once', () => {
    // Arrange
    const plan = aMeetingPlan({
      kind: 'digital',
      days: ['2027-03-10', '2027-03-12'],
      startTime: '12:00',
      endTime: '11:00',
      venue: 'Stadshuset',
      onlineUrl: undefined,
    });

    // Act
    const issues = issuesOf(() => planMeeting(plan, 'm'));

    // Assert
    expect(paths(issues)).toEqual(['days', 'days', 'endTime', 'onlineUrl', 'venue']);
  });

  it('signals failure with the stable VALIDATION_FAILED code', () => {
    // Arrange
    const plan = aMeetingPlan({ venue: undefined });

    // Act
    const run = () => planMeeting(plan, 'm');

    // Assert
    expect(run).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('isRegistrationOpen', () => {
  const meeting = aMeeting({ registrationClosesAt: '2027-03-09T12:00:00Z' });

  it('is open until the last millisecond before the close', () => {
    // Arrange
    const now = new Date('2027-03-09T11:59:59.999Z');

    // Act
    const open = isRegistrationOpen(meeting, now);

    // Assert
    expect(open).toBe(true);
  });

  it('is closed at the closing instant', () => {
    // Arrange
    const now = new Date('2027-03-09T12:00:00Z');

    // Act
    const open = isRegistrationOpen(meeting, now);

    // Assert
    expect(open).toBe(false);
  });

  it('is closed for a cancelled meeting even before the close', () => {
    // Arrange
    const cancelled: Meeting = { ...meeting, status: 'cancelled' };

    // Act
    const open = isRegistrationOpen(cancelled, new Date('2027-02-01T00:00:00Z'));

    // Assert
    expect(open).toBe(false);
  });
});

describe('seatsLeft', () => {
  it('is the smallest free count among the days', () => {
    // Arrange
    const meeting: Meeting = {
      ...aMeeting({ capacity: 5 }),
      seatsTaken: { '2027-03-10': 3, '2027-03-11': 1 },
    };

    // Act
    const left = seatsLeft(meeting);

    // Assert
    expect(left).toBe(2);
  });

  it('is the capacity for a new meeting', () => {
    // Arrange
    const meeting = aMeeting({ capacity: 12 });

    // Act
    const left = seatsLeft(meeting);

    // Assert
    expect(left).toBe(12);
  });

  it('never goes below zero', () => {
    // Arrange
    const meeting: Meeting = {
      ...aMeeting({ capacity: 2 }),
      seatsTaken: { '2027-03-10': 3, '2027-03-11': 0 },
    };

    // Act
    const left = seatsLeft(meeting);

    // Assert
    expect(left).toBe(0);
  });
});

describe('hasSeatsOn', () => {
  const meeting: Meeting = { ...aMeeting({ capacity: 2 }), seatsTaken: { '2027-03-10': 2, '2027-03-11': 1 } };

  it('has a seat on a day below capacity', () => {
    // Arrange
    const days = ['2027-03-11'];

    // Act
    const free = hasSeatsOn(meeting, days);

    // Assert
    expect(free).toBe(true);
  });

  it('has none on a full day', () => {
    // Arrange
    const days = ['2027-03-10'];

    // Act
    const free = hasSeatsOn(meeting, days);

    // Assert
    expect(free).toBe(false);
  });

  it('has none for both days when one of them is full', () => {
    // Arrange
    const days = ['2027-03-10', '2027-03-11'];

    // Act
    const free = hasSeatsOn(meeting, days);

    // Assert
    expect(free).toBe(false);
  });
});

describe('meetingView', () => {
  it('shows a physical meeting with the Stockholm winter offset on its close', () => {
    // Arrange
    const meeting: Meeting = {
      ...aMeeting({ capacity: 3 }, 'meeting-9'),
      seatsTaken: { '2027-03-10': 1, '2027-03-11': 2 },
    };

    // Act
    const view = meetingView(meeting, 'Miljöstrategigruppen', new Date('2027-03-01T10:00:00Z'));

    // Assert
    expect(view).toEqual({
      id: 'meeting-9',
      title: 'Nätverksträff om klimatanpassning',
      focusGroup: { id: 'environmental-strategy', name: 'Miljöstrategigruppen' },
      kind: 'physical',
      days: ['2027-03-10', '2027-03-11'],
      startTime: '09:30',
      endTime: '16:00',
      venue: 'Stadshuset, Borås',
      capacity: 3,
      seatsLeft: 1,
      registrationOpen: true,
      registrationClosesAt: '2027-03-09T23:59:00+01:00',
    });
  });

  it('shows a digital meeting with its link, no venue, and a summer offset', () => {
    // Arrange
    const meeting = aMeeting({ ...digitalPlan, days: ['2027-06-10'] });

    // Act
    const view = meetingView(meeting, 'Naturvårdsgruppen', new Date('2027-06-10T10:00:00Z'));

    // Assert
    expect(view.onlineUrl).toBe('https://meet.example.org/room');
    expect(Object.keys(view)).not.toContain('venue');
    expect(view.registrationClosesAt).toBe('2027-06-09T23:59:00+02:00');
    expect(view.registrationOpen).toBe(false);
  });

  it('gives a copy of the days, not the meeting’s own array', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const view = meetingView(meeting, 'x', new Date('2027-03-01T00:00:00Z'));
    view.days.push('2099-01-01');

    // Assert
    expect(meeting.days).toEqual(['2027-03-10', '2027-03-11']);
  });
});
