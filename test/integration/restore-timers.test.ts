import { DeleteScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVALUATION_REMINDER_DELAY_MS, meetingEnd } from '../../domain/evaluations/evaluate-meeting';
import { reminderTime } from '../../domain/meetings/meeting-timers';
import { addDays, stockholmDate, stockholmInstant } from '../../domain/shared/stockholm-time';
import { roundUpToSecond } from '../../functions/shared/event-envelope';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { api, redeliver, startTestCloud, storedEvents, waitForMail } from '../fixtures/local-cloud';

/**
 * After a hand-over the new account has the table but none of the timers (they live in EventBridge
 * Scheduler). Here the local scheduler's timers are deleted, as if the table had just been
 * imported, and `POST /api/admin/timers/restore` must bring back exactly the timers the meetings
 * had: reminders, ends and evaluation reminders still ahead, none for cancelled or past meetings —
 * except the end of a meeting that ended during the hand-over with its links unsent, which fires
 * again a minute later.
 */
let cloud: LocalCloud;
let scheduler: SchedulerClient;
let admin: Record<string, string>;
const clock = new LocalClock({ frozenAt: new Date() });
const today = stockholmDate(clock.now());
const meetings: Record<'ahead' | 'soon' | 'cancelled' | 'evaluated' | 'past', string> = {
  ahead: '',
  soon: '',
  cancelled: '',
  evaluated: '',
  past: '',
};
const days = {
  ahead: addDays(today, 10),
  soon: addDays(today, 4),
  cancelled: addDays(today, 12),
  evaluated: addDays(today, 2),
  past: addDays(today, 2),
};
const ATTENDEE = 'dan@boras.example';

const scheduleMeeting = async (title: string, day: string): Promise<string> => {
  const { status, body } = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title,
      focusGroupId: 'nature-conservation',
      kind: 'physical',
      days: [day],
      startTime: '10:00',
      endTime: '12:00',
      venue: 'Stadshuset, Borås',
      capacity: 20,
    },
    admin,
  );
  expect(status).toBe(201);
  return body.id as string;
};

/** Every timer with what it will publish (the target's input), by name. */
const timers = async () => {
  const all = cloud.scheduler.schedules();
  const withInput = await Promise.all(
    all.map(async (timer) => {
      const stored = await scheduler.send(
        new GetScheduleCommand({ Name: timer.name, GroupName: timer.group }),
      );
      return [
        timer.name,
        { at: timer.at, detailType: timer.detailType, input: stored.Target?.Input },
      ] as const;
    }),
  );
  return Object.fromEntries(withInput.sort(([a], [b]) => a.localeCompare(b)));
};

/** Waits until the scheduler holds `count` timers (or the budget is spent), then until the bus is idle. */
const waitForTimers = async (count: number) => {
  const deadline = Date.now() + 30_000;
  while (cloud.scheduler.schedules().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await cloud.settle();
};

/** What a hand-over leaves: the table as it was, no timers. */
const deleteAllTimers = async () => {
  for (const timer of cloud.scheduler.schedules()) {
    await scheduler.send(new DeleteScheduleCommand({ Name: timer.name, GroupName: timer.group }));
  }
};

let before: Awaited<ReturnType<typeof timers>>;

beforeAll(async () => {
  cloud = await startTestCloud({ clock, schedulerPollMs: 0, seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  scheduler = new SchedulerClient({
    region: 'eu-north-1',
    endpoint: cloud.scheduler.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  meetings.ahead = await scheduleMeeting('Ängar och betesmarker', days.ahead);
  meetings.soon = await scheduleMeeting('Skyddade områden', days.soon);
  meetings.cancelled = await scheduleMeeting('Inställt möte', days.cancelled);
  meetings.evaluated = await scheduleMeeting('Grön infrastruktur', days.evaluated);
  meetings.past = await scheduleMeeting('Strandskydd', days.past);
  const registered = await api(cloud, 'POST', `/api/meetings/${meetings.evaluated}/registrations`, {
    name: 'Dan Dahl',
    email: ATTENDEE,
    municipalityCode: '1490',
    role: 'municipal-ecologist',
    consent: true,
  });
  expect(registered.status).toBe(201);
  await cloud.settle();
  expect(
    (await api(cloud, 'POST', `/api/admin/meetings/${meetings.cancelled}/cancel`, undefined, admin)).status,
  ).toBe(200);
  await cloud.settle();
  // Two meetings end; attendance logged after the end mails the link and sets its reminder.
  await cloud.advanceClock(stockholmInstant(days.evaluated, '13:00').getTime() - clock.now().getTime());
  const logged = await api(
    cloud,
    'POST',
    `/api/admin/meetings/${meetings.evaluated}/attendance`,
    { day: days.evaluated, emails: [ATTENDEE] },
    admin,
  );
  expect(logged.status).toBe(201);
  await waitForMail(cloud, ATTENDEE, { count: 3, timeoutMs: 30_000 }); // confirmation, reminder, link
  await waitForTimers(6);
  before = await timers();
}, 180_000);
afterAll(async () => {
  scheduler?.destroy();
  await cloud?.stop();
});

describe('POST /api/admin/timers/restore', () => {
  it('had these timers before the hand-over: what lies ahead, none for cancelled or past meetings', () => {
    const start = (day: string) => ({ days: [day], startTime: '10:00' });
    const end = (day: string) => meetingEnd({ days: [day], endTime: '12:00' }).toISOString();
    const invitedOn = stockholmDate(clock.now());
    expect(Object.fromEntries(Object.entries(before).map(([name, timer]) => [name, timer.at]))).toEqual({
      [`${meetings.ahead}-ended`]: end(days.ahead),
      [`${meetings.ahead}-reminder-1d`]: reminderTime(start(days.ahead), 1).toISOString(),
      [`${meetings.ahead}-reminder-7d`]: reminderTime(start(days.ahead), 7).toISOString(),
      [`${meetings.evaluated}-evaluation-${invitedOn.replaceAll('-', '')}`]: new Date(
        clock.now().getTime() + EVALUATION_REMINDER_DELAY_MS,
      ).toISOString(),
      [`${meetings.soon}-ended`]: end(days.soon),
      [`${meetings.soon}-reminder-1d`]: reminderTime(start(days.soon), 1).toISOString(),
    });
  });

  it('sets every timer again, at the same time with the same event, after they were all deleted', async () => {
    // Arrange
    await deleteAllTimers();
    expect(cloud.scheduler.schedules()).toEqual([]);

    // Act
    const restored = await api(cloud, 'POST', '/api/admin/timers/restore', undefined, admin);
    await waitForTimers(Object.keys(before).length);

    // Assert: the four scheduled meetings are asked for (not the cancelled one); the past one gets none.
    expect(restored).toMatchObject({ status: 202, body: { meetings: 4 } });
    const requested = await storedEvents(cloud, 'MeetingTimersRestoreRequested');
    expect(requested.map((item) => JSON.parse(String(item.detail)).meetingId).sort()).toEqual(
      [meetings.ahead, meetings.soon, meetings.evaluated, meetings.past].sort(),
    );
    expect(await timers()).toEqual(before);
  });

  it('changes nothing when asked again or when the bus delivers the requests again', async () => {
    // Arrange
    const requests = await storedEvents(cloud, 'MeetingTimersRestoreRequested');

    // Act
    const again = await api(cloud, 'POST', '/api/admin/timers/restore', undefined, admin);
    await cloud.settle();
    await redeliver(cloud, requests, 2);
    await cloud.settle();

    // Assert
    expect(again).toMatchObject({ status: 202, body: { meetings: 4 } });
    expect(await timers()).toEqual(before);
  });

  it('restores timers that fire: the evaluation reminder reaches the attendee three days after the link', async () => {
    // Arrange
    const reminder = Object.entries(before).find(([name]) => name.includes('-evaluation-'));
    const at = new Date(reminder?.[1].at ?? 0);

    // Act
    await cloud.advanceClock(at.getTime() - clock.now().getTime());
    const mail = await waitForMail(cloud, ATTENDEE, { count: 4, timeoutMs: 30_000 });

    // Assert
    expect(mail.map((m) => m.subject)[3]).toBe('Påminnelse: Vad tyckte du om Grön infrastruktur?');
  });

  it('refuses without an admin token', async () => {
    const anonymous = await api(cloud, 'POST', '/api/admin/timers/restore');

    expect(anonymous.status).toBe(401);
  });
});

describe('POST /api/admin/timers/restore after a meeting ended during the hand-over', () => {
  const TITLE = 'Våtmarker i odlingslandskapet';
  const PRESENT = 'eva@boras.example';
  let gap = '';

  /** The evaluation links mailed to `to`, once at least `count` are there (or the budget is spent). */
  const evaluationLinks = async (to: string, count: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const links = (await readLocalInbox(cloud.sesUrl)).filter(
        (mail) => mail.destination.to.includes(to) && mail.subject === `Vad tyckte du om ${TITLE}?`,
      );
      if (links.length >= count || Date.now() > deadline) return links;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  /** Waits until the scheduler holds a timer of this name (or the budget is spent), then until the bus is idle. */
  const waitForTimer = async (name: string) => {
    const deadline = Date.now() + 30_000;
    while (!cloud.scheduler.schedules().some((timer) => timer.name === name) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await cloud.settle();
  };

  it('fires the missed end a minute after the restore: who was logged present gets the link, once', async () => {
    // Arrange: a meeting two days ahead; Eva registers and is logged present before it ends.
    const day = addDays(stockholmDate(clock.now()), 2);
    gap = await scheduleMeeting(TITLE, day);
    const registered = await api(cloud, 'POST', `/api/meetings/${gap}/registrations`, {
      name: 'Eva Ek',
      email: PRESENT,
      municipalityCode: '1490',
      role: 'municipal-ecologist',
      consent: true,
    });
    expect(registered.status).toBe(201);
    await cloud.settle();
    await cloud.advanceClock(stockholmInstant(day, '10:30').getTime() - clock.now().getTime());
    const logged = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${gap}/attendance`,
      { day, emails: [PRESENT] },
      admin,
    );
    expect(logged.status).toBe(201);
    await cloud.settle();
    // The hand-over: the timers are gone, and the meeting ends with nobody to fire its end.
    await deleteAllTimers();
    const end = meetingEnd({ days: [day], endTime: '12:00' });
    await cloud.advanceClock(stockholmInstant(day, '15:00').getTime() - clock.now().getTime());
    await cloud.settle();
    expect(await evaluationLinks(PRESENT, 0)).toEqual([]);

    // Act
    const restoredAt = clock.now().getTime();
    const restored = await api(cloud, 'POST', '/api/admin/timers/restore', undefined, admin);
    await waitForTimer(`${gap}-ended`);
    const endTimer = (await timers())[`${gap}-ended`];
    await cloud.advanceClock(2 * 60_000);
    const links = await evaluationLinks(PRESENT, 1);

    // Assert: the end fires a minute after the restore, with the event its own timer carries.
    expect(restored.status).toBe(202);
    expect(endTimer?.at).toBe(roundUpToSecond(new Date(restoredAt + 60_000)).toISOString());
    expect(JSON.parse(endTimer?.input ?? '{}')).toEqual({
      meetingId: gap,
      endsAt: end.toISOString(),
      id: expect.any(String),
      type: 'MeetingEnded',
      version: 1,
      occurredAt: endTimer?.at,
    });
    expect(links).toHaveLength(1);
  }, 120_000);

  it('sets no end again and sends nothing more when asked again', async () => {
    // Act
    const again = await api(cloud, 'POST', '/api/admin/timers/restore', undefined, admin);
    await cloud.settle();
    const endTimerSet = cloud.scheduler.schedules().some((timer) => timer.name === `${gap}-ended`);
    await cloud.advanceClock(2 * 60_000);
    await cloud.settle();

    // Assert: the bus is idle, so any second link would be in the inbox by now.
    expect(again.status).toBe(202);
    expect(endTimerSet).toBe(false);
    expect(await evaluationLinks(PRESENT, 1)).toHaveLength(1);
  }, 60_000);
});
