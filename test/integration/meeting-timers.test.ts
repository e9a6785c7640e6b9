import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { meetingEnd } from '../../domain/evaluations/evaluate-meeting';
import { reminderTime } from '../../domain/meetings/meeting-timers';
import { addDays, stockholmDate, stockholmInstant } from '../../domain/shared/stockholm-time';
import { timerEventInput } from '../../functions/shared/event-envelope';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { api, startTestCloud, waitForMail } from '../fixtures/local-cloud';

/**
 * Time-driven parts of the meeting lifecycle on the local cloud with a clock that stands still
 * until the test moves it: reminders a week and a day before (sent once, moved with the meeting,
 * dropped for those who cancelled and for cancelled meetings), the updated calendar invitation of
 * a move, and the evaluation links at the end of a meeting with one reminder three days later.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const clock = new LocalClock({ frozenAt: new Date() });
const today = stockholmDate(clock.now());

beforeAll(async () => {
  cloud = await startTestCloud({ clock, schedulerPollMs: 0 });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

const HOUR = 3_600_000;

const scheduleMeeting = async (title: string, day: string, capacity: number) => {
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
      capacity,
    },
    admin,
  );
  expect(status).toBe(201);
  return body.id as string;
};

const register = async (meetingId: string, email: string, language: 'sv' | 'en' = 'sv') => {
  const { status, body } = await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name: 'Alex Andersson',
    email,
    municipalityCode: '1490',
    role: 'municipal-ecologist',
    consent: true,
    language,
  });
  expect(status).toBe(201);
  return body as { registrationId: string; status: string };
};

const mailTo = async (email: string): Promise<StoredMail[]> =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => mail.destination.to.includes(email));

const subjects = async (email: string): Promise<string[]> => (await mailTo(email)).map((m) => m.subject);

/** Waits until the consumers have set the meeting's timers to the expected times. */
const timersOf = async (meetingId: string, expectedCount: number) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mine = cloud.scheduler.schedules().filter((s) => s.name.startsWith(meetingId));
    if (mine.length === expectedCount || Date.now() > deadline) return mine;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const waitForTimerAt = async (name: string, at: Date) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const timer = cloud.scheduler.schedules().find((s) => s.name === name);
    if (timer?.at === at.toISOString() || Date.now() > deadline) return timer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Moves the clock to `at` (never back) and fires what fell due. */
const advanceTo = async (at: Date) => {
  const ms = at.getTime() - clock.now().getTime();
  return cloud.advanceClock(Math.max(0, ms));
};

const tokenIn = (mail: StoredMail | undefined, page: 'cancel' | 'evaluate'): string => {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(mail?.body.text ?? '');
  if (!match?.[1]) throw new Error(`No ${page} link in the mail`);
  return decodeURIComponent(match[1]);
};

const parseInvite = (mail: StoredMail | undefined) => {
  const content = mail?.attachments?.find((a) => a.filename === 'invitation.ics')?.content;
  if (!content) throw new Error('No invitation attached');
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(content, 'base64').toString('utf8')));
  const vtimezone = calendar.getFirstSubcomponent('vtimezone');
  ICAL.TimezoneService.reset();
  if (vtimezone) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('No VEVENT');
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
  };
};

describe('meeting reminders, moves and evaluations with an advanced clock', () => {
  it('reminds seat holders a week and a day before, once, moved with the meeting, not those who cancelled', async () => {
    // Arrange: two seats taken, one waiting
    const firstDay = addDays(today, 10);
    const meetingId = await scheduleMeeting('Natur i stadsplaneringen', firstDay, 2);
    await register(meetingId, 'ann@boras.example');
    await register(meetingId, 'bo@boras.example', 'en');
    await register(meetingId, 'cia@boras.example');
    const [confirmation] = await waitForMail(cloud, 'ann@boras.example');
    await waitForMail(cloud, 'bo@boras.example');
    await waitForMail(cloud, 'cia@boras.example');
    const timers = await timersOf(meetingId, 3);
    const start = { days: [firstDay], startTime: '10:00' };
    expect(timers.map((t) => [t.name.slice(meetingId.length), t.at]).sort()).toEqual(
      [
        ['-ended', meetingEnd({ days: [firstDay], endTime: '12:00' }).toISOString()],
        ['-reminder-1d', reminderTime(start, 1).toISOString()],
        ['-reminder-7d', reminderTime(start, 7).toISOString()],
      ].sort(),
    );

    // Act 1: just before the week reminder nothing goes; at it, seat holders are reminded
    await advanceTo(new Date(reminderTime(start, 7).getTime() - 60_000));
    const before = await subjects('ann@boras.example');
    await advanceTo(reminderTime(start, 7));
    // Assert 1
    expect(before).toHaveLength(1);
    expect(await subjects('ann@boras.example')).toEqual([
      'Anmälan bekräftad: Natur i stadsplaneringen',
      'Påminnelse: Natur i stadsplaneringen om en vecka',
    ]);
    expect((await subjects('bo@boras.example'))[1]).toBe('Reminder: Natur i stadsplaneringen in a week');
    expect(await subjects('cia@boras.example')).toHaveLength(1); // waiting: no reminder
    const reminder = (await mailTo('ann@boras.example'))[1];
    expect(reminder?.body.text).toContain('/cancel?token=');
    expect(reminder?.body.text).toContain('Stadshuset, Borås');

    // Act 2: the same timer fires again (at-least-once delivery)
    const name = `${meetingId}-reminder-7d`;
    cloud.bus.put({
      version: '0',
      id: 'redelivered',
      'detail-type': 'ReminderTimeReached',
      source: 'network.timers',
      account: '000000000000',
      time: clock.now().toISOString(),
      region: 'eu-north-1',
      resources: [],
      detail: JSON.parse(
        timerEventInput(name, reminderTime(start, 7), {
          detailType: 'ReminderTimeReached',
          detail: { meetingId, daysBefore: 7, startsAt: stockholmInstant(firstDay, '10:00').toISOString() },
        }),
      ),
    });
    await cloud.bus.idle();
    // Assert 2: still one reminder each
    expect(await subjects('ann@boras.example')).toHaveLength(2);
    expect(await subjects('bo@boras.example')).toHaveLength(2);

    // Act 3: the meeting moves ten days later and one hour earlier
    const newDay = addDays(firstDay, 10);
    const moved = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/reschedule`,
      { days: [newDay], startTime: '09:00', endTime: '11:00' },
      admin,
    );
    const movedMail = (await waitForMail(cloud, 'ann@boras.example', { count: 3 }))[2];
    const movedWaiting = (await waitForMail(cloud, 'cia@boras.example', { count: 2 }))[1];
    const newStart = { days: [newDay], startTime: '09:00' };
    await waitForTimerAt(`${meetingId}-reminder-1d`, reminderTime(newStart, 1));
    await waitForTimerAt(`${meetingId}-reminder-7d`, reminderTime(newStart, 7));

    // Assert 3: an updated invitation for the seat, the same UID, a higher SEQUENCE, the new time
    expect(moved).toMatchObject({ status: 200, body: { changed: true, revision: 1, days: [newDay] } });
    expect(movedMail?.subject).toBe('Ändrad tid eller plats: Natur i stadsplaneringen');
    const original = parseInvite(confirmation);
    const updated = parseInvite(movedMail);
    expect(updated).toEqual({
      method: 'REQUEST',
      uid: original.uid,
      sequence: 1,
      start: stockholmInstant(newDay, '09:00').toISOString(),
      tzid: 'Europe/Stockholm',
    });
    expect(original.sequence).toBe(0);
    expect(movedWaiting?.attachments ?? []).toEqual([]);
    expect(movedWaiting?.body.text).toContain('Du står kvar på väntelistan.');

    // Act 4: the old day-before time passes (nothing), Bo cancels (Cia gets the seat), the new week reminder
    await advanceTo(reminderTime(start, 1));
    const afterOldTime = await subjects('ann@boras.example');
    const boMail = await mailTo('bo@boras.example');
    const cancel = await api(
      cloud,
      'POST',
      `/api/registrations/${encodeURIComponent(tokenIn(boMail[0], 'cancel'))}/cancel`,
    );
    await waitForMail(cloud, 'cia@boras.example', { count: 3 }); // promotion notice
    await advanceTo(reminderTime(newStart, 7));

    // Assert 4
    expect(afterOldTime).toHaveLength(3);
    expect(cancel.status).toBe(200);
    expect((await subjects('ann@boras.example'))[3]).toBe('Påminnelse: Natur i stadsplaneringen om en vecka');
    expect((await subjects('cia@boras.example'))[3]).toBe('Påminnelse: Natur i stadsplaneringen om en vecka');
    expect(await subjects('bo@boras.example')).toHaveLength(3); // confirmation, reminder, move: none after cancelling

    // Act 5: the day before
    await advanceTo(reminderTime(newStart, 1));
    // Assert 5
    expect((await subjects('ann@boras.example')).slice(4)).toEqual([
      'Påminnelse: Natur i stadsplaneringen i morgon',
    ]);
    expect((await subjects('cia@boras.example')).slice(4)).toEqual([
      'Påminnelse: Natur i stadsplaneringen i morgon',
    ]);
  });

  it('drops the timers of a cancelled meeting', async () => {
    // Arrange
    const day = addDays(stockholmDate(clock.now()), 9);
    const meetingId = await scheduleMeeting('Inställd träff', day, 5);
    await register(meetingId, 'dan@boras.example');
    await waitForMail(cloud, 'dan@boras.example');
    expect(await timersOf(meetingId, 3)).toHaveLength(3);

    // Act
    await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/cancel`, undefined, admin);
    await waitForMail(cloud, 'dan@boras.example', { count: 2 });
    const left = await timersOf(meetingId, 0);
    await advanceTo(meetingEnd({ days: [day], endTime: '12:00' }));

    // Assert
    expect(left).toEqual([]);
    expect(await subjects('dan@boras.example')).toEqual([
      'Anmälan bekräftad: Inställd träff',
      'Inställt: Inställd träff',
    ]);
  });

  it('sends evaluation links at the end to attendees only, and one reminder after three days to those who have not answered', async () => {
    // Arrange: three registered, two attend; attendance is logged during the meeting
    const day = addDays(stockholmDate(clock.now()), 2);
    const meetingId = await scheduleMeeting('Ekosystemtjänster i praktiken', day, 10);
    for (const who of ['eva', 'fia', 'gun']) await register(meetingId, `${who}@boras.example`);
    await waitForMail(cloud, 'gun@boras.example');
    await timersOf(meetingId, 2); // two days ahead: the week reminder's time has passed
    await advanceTo(stockholmInstant(day, '11:00'));
    const handledBefore = cloud.bus.delivered.get('send-evaluation-invitation') ?? 0;
    const logged = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/attendance`,
      { day, emails: ['eva@boras.example', 'fia@boras.example'] },
      admin,
    );
    expect(logged.status).toBe(201);
    // Both AttendanceLogged events reach their consumer while the meeting is on
    const deadline = Date.now() + 10_000;
    while (
      (cloud.bus.delivered.get('send-evaluation-invitation') ?? 0) < handledBefore + 2 &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 25));
    await cloud.bus.idle();
    expect(cloud.bus.delivered.get('send-evaluation-invitation')).toBe(handledBefore + 2);
    const duringMeeting = (await readLocalInbox(cloud.sesUrl)).filter((m) =>
      m.subject.startsWith('Vad tyckte'),
    );

    // Act 1: the meeting ends
    await advanceTo(meetingEnd({ days: [day], endTime: '12:00' }));
    // Confirmation, the day-before reminder (the week reminder had passed when it was scheduled), the link
    const eva = await waitForMail(cloud, 'eva@boras.example', { count: 3 });
    const fia = await waitForMail(cloud, 'fia@boras.example', { count: 3 });

    // Assert 1
    expect(duringMeeting).toEqual([]);
    expect(eva.map((m) => m.subject)).toEqual([
      'Anmälan bekräftad: Ekosystemtjänster i praktiken',
      'Påminnelse: Ekosystemtjänster i praktiken i morgon',
      'Vad tyckte du om Ekosystemtjänster i praktiken?',
    ]);
    expect(fia[2]?.subject).toBe('Vad tyckte du om Ekosystemtjänster i praktiken?');
    expect(await subjects('gun@boras.example')).toHaveLength(2); // registered and reminded, not there: no link

    // Act 2: Eva answers; three days pass
    const answer = await api(
      cloud,
      'POST',
      `/api/evaluations/${encodeURIComponent(tokenIn(eva[2], 'evaluate'))}`,
      { satisfaction: 5, usefulness: 6 },
    );
    await advanceTo(new Date(clock.now().getTime() + 72 * HOUR - 60_000));
    const beforeThreeDays = await subjects('fia@boras.example');
    await advanceTo(new Date(clock.now().getTime() + 2 * 60_000));
    await advanceTo(new Date(clock.now().getTime() + 7 * 24 * HOUR));

    // Assert 2: one reminder, to Fia only, with the same single-use link
    expect(answer.status).toBe(201);
    expect(beforeThreeDays).toHaveLength(3);
    const fiaAfter = await mailTo('fia@boras.example');
    expect(fiaAfter.slice(2).map((m) => m.subject)).toEqual([
      'Vad tyckte du om Ekosystemtjänster i praktiken?',
      'Påminnelse: Vad tyckte du om Ekosystemtjänster i praktiken?',
    ]);
    expect(tokenIn(fiaAfter[3], 'evaluate')).toBe(tokenIn(fiaAfter[2], 'evaluate'));
    expect(await subjects('eva@boras.example')).toHaveLength(3);
    expect(await subjects('gun@boras.example')).toHaveLength(2);
  });
});
