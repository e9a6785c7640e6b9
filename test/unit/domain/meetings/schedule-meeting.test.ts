import { describe, expect, it } from '@jest/globals';
import { NotFoundError, RuleViolationError, ValidationError } from '../../../../domain/errors';
import { scheduleMeeting } from '../../../../domain/meetings/schedule-meeting';
import { aMeetingPlan, sequentialIds } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

const world = async () => {
  const w = await inMemoryWorld();
  return { ...w, ports: { ...w.ports, ids: sequentialIds('meeting') } };
};

describe('scheduleMeeting', () => {
  it('stores the meeting and a MeetingScheduled event carrying its id', async () => {
    // Arrange
    const { ports, store } = await world();
    const plan = aMeetingPlan({ focusGroupId: 'nature-conservation', capacity: 35 });

    // Act
    const result = await scheduleMeeting(ports, plan);

    // Assert
    expect(result).toEqual({ id: 'meeting-1' });
    expect(store.meetings.get('meeting-1')).toMatchObject({ title: plan.title, status: 'scheduled' });
    expect(store.events).toEqual([
      {
        detailType: 'MeetingScheduled',
        detail: {
          meetingId: 'meeting-1',
          focusGroupId: 'nature-conservation',
          kind: 'physical',
          days: ['2027-03-10', '2027-03-11'],
          capacity: 35,
        },
      },
    ]);
  });

  it('refuses an unknown focus group with FOCUS_GROUP_NOT_FOUND and stores nothing', async () => {
    // Arrange
    const { ports, store } = await world();

    // Act
    const result = scheduleMeeting(ports, aMeetingPlan({ focusGroupId: 'climate-adaptation' }));

    // Assert
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    await expect(result).rejects.toMatchObject({ code: 'FOCUS_GROUP_NOT_FOUND' });
    expect(store.meetings.size).toBe(0);
    expect(store.events).toEqual([]);
  });

  it('refuses a retired focus group with FOCUS_GROUP_NOT_FOUND', async () => {
    // Arrange
    const { ports, store, catalogue } = await world();
    await catalogue.save({
      id: 'fair-trade',
      name: { sv: 'Rättvis handel-gruppen', en: 'Fair trade' },
      retired: true,
    });

    // Act
    const result = scheduleMeeting(ports, aMeetingPlan({ focusGroupId: 'fair-trade' }));

    // Assert
    await expect(result).rejects.toMatchObject({ code: 'FOCUS_GROUP_NOT_FOUND' });
    expect(store.meetings.size).toBe(0);
  });

  it('refuses a plan that breaks an invariant and stores nothing', async () => {
    // Arrange
    const { ports, store } = await world();

    // Act
    const result = scheduleMeeting(ports, aMeetingPlan({ venue: undefined }));

    // Assert
    await expect(result).rejects.toBeInstanceOf(ValidationError);
    expect(store.meetings.size).toBe(0);
    expect(store.events).toEqual([]);
  });

  it('refuses a day before today (Stockholm) with MEETING_IN_PAST and stores nothing', async () => {
    // Arrange: the clock reads 2027-02-15 11:00 Stockholm
    const { ports, store } = await world();

    // Act
    const result = scheduleMeeting(ports, aMeetingPlan({ days: ['2020-01-20'] }));

    // Assert
    await expect(result).rejects.toBeInstanceOf(RuleViolationError);
    await expect(result).rejects.toMatchObject({ code: 'MEETING_IN_PAST' });
    expect(store.meetings.size).toBe(0);
    expect(store.events).toEqual([]);
  });

  it('refuses today at a start time that has passed, and accepts today at a time ahead', async () => {
    // Arrange: the clock reads 2027-02-15 11:00 Stockholm (10:00Z)
    const { ports, store } = await world();
    const today = { days: ['2027-02-15'], endTime: '17:00' };

    // Act
    const passed = scheduleMeeting(ports, aMeetingPlan({ ...today, startTime: '11:00' }));
    const ahead = await scheduleMeeting(ports, aMeetingPlan({ ...today, startTime: '11:01' }));

    // Assert
    await expect(passed).rejects.toMatchObject({ code: 'MEETING_IN_PAST' });
    expect(store.meetings.get(ahead.id)?.startTime).toBe('11:01');
  });

  it('lets the world checked be the clock port’s: a meeting in 2023 is ahead of a clock in 2022', async () => {
    // Arrange
    const { ports, store } = await world();
    const in2022 = { ...ports, clock: { now: () => new Date('2022-12-01T08:00:00Z') } };

    // Act
    const result = await scheduleMeeting(in2022, aMeetingPlan({ days: ['2023-01-18'] }));

    // Assert
    expect(store.meetings.get(result.id)?.days).toEqual(['2023-01-18']);
  });
});
