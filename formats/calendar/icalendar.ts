/**
 * iCalendar (RFC 5545) invitations for meetings, sent as iTIP (RFC 5546) REQUEST or CANCEL.
 *
 * Pure: the caller supplies every value, the stamp included. Meeting times are Stockholm
 * wall-clock times, so the event carries its own VTIMEZONE and `DTSTART;TZID=Europe/Stockholm`
 * rather than UTC: a calendar then shows 09:30 on both sides of a daylight-saving switch.
 */
import type { CalendarInvite, CalendarWriter } from '../../domain/rendering-ports';
import { addDays } from '../../domain/shared/stockholm-time';

export type { CalendarInvite } from '../../domain/rendering-ports';

const CRLF = '\r\n';
const ZONE = 'Europe/Stockholm';
const PRODUCT_ID = '-//municipal-network//Meeting invitations//SV';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

/**
 * Europe/Stockholm as the EU has defined it since 1996: CEST from 02:00 on the last Sunday of
 * March, CET from 03:00 on the last Sunday of October. The observances start in 1970 (on a last
 * Sunday, as the RRULE requires) so that every date a meeting can have is covered.
 */
const STOCKHOLM_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/**
 * The UID of a meeting's calendar entry, `${meetingId}@${domain}`. It must never change for a
 * meeting: calendars match updates and cancellations to the entry by UID.
 */
export const meetingUid = (meetingId: string, domain: string): string => {
  if (!/^[^\s@]+$/u.test(meetingId))
    throw new RangeError(`Not a usable meeting id: ${JSON.stringify(meetingId)}`);
  if (!/^[^\s@]+$/u.test(domain)) throw new RangeError(`Not a usable domain: ${JSON.stringify(domain)}`);
  return `${meetingId}@${domain}`;
};

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether UTF-8 can carry the value as it is (String.prototype.isWellFormed is ES2024). */
const isWellFormed = (value: string): boolean => !value.match(LONE_SURROGATE);

/**
 * What a free-text value becomes in the calendar, which is exactly what a parser reads back:
 * CRLF, CR and LF become one line feed; other control characters except tab are dropped (RFC 5545
 * TEXT does not allow them); a lone UTF-16 surrogate, which UTF-8 cannot encode, becomes U+FFFD.
 */
export const normalizeCalendarText = (value: string): string =>
  value
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(LONE_SURROGATE, '\ufffd');

/** RFC 5545 §3.3.11: TEXT escapes backslash, semicolon, comma and line feed. */
const escapeText = (value: string): string =>
  normalizeCalendarText(value).replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));

/** A quoted parameter value (CN); RFC 6868 carries a line feed, a double quote and a caret. */
const quoteParam = (value: string): string =>
  `"${normalizeCalendarText(value).replace(/[\^\n"]/g, (char) => (char === '^' ? '^^' : char === '\n' ? '^n' : "^'"))}"`;

/**
 * An address for `mailto:`. A line break would start a new property and `:` or `;` would change
 * how the line parses, so anything but a plain address is refused rather than cleaned up.
 */
const calAddress = (email: string, role: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const plain = /^[^\s\u0000-\u001f\u007f:;,"<>@]+@[^\s\u0000-\u001f\u007f:;,"<>@]+$/u;
  if (!plain.test(email) || !isWellFormed(email)) {
    throw new RangeError(`The ${role} e-mail is not a plain address: ${JSON.stringify(email)}`);
  }
  return `mailto:${email}`;
};

/** A URI value is not escaped, so it must be free of anything that could end or break the line. */
const uriValue = (uri: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!/^[^\s\u0000-\u001f\u007f]+$/u.test(uri) || !isWellFormed(uri))
    throw new RangeError(`Not a usable URL: ${JSON.stringify(uri)}`);
  return uri;
};

const isDate = (day: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(day) && addDays(day, 0) === day;

/** The days must be real, ascending and consecutive: one daily RRULE describes them. */
const checkDays = (days: readonly string[]): string => {
  const first = days[0];
  if (first === undefined) throw new RangeError('An invitation needs at least one day');
  days.forEach((day, index) => {
    if (!isDate(day)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(day)}`);
    if (day !== addDays(first, index)) {
      throw new RangeError(`The days must be consecutive and ascending: ${days.join(', ')}`);
    }
  });
  return first;
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const checkTimes = (startTime: string, endTime: string): void => {
  if (!TIME.test(startTime)) throw new RangeError(`Not a time (HH:MM): ${JSON.stringify(startTime)}`);
  if (!TIME.test(endTime)) throw new RangeError(`Not a time (HH:MM): ${JSON.stringify(endTime)}`);
  if (endTime <= startTime)
    throw new RangeError(`The meeting must end after it starts: ${startTime}–${endTime}`);
};

/** A Stockholm wall-clock time as a local DATE-TIME, e.g. `20261203T093000`. */
const localDateTime = (day: string, time: string): string =>
  `${day.replaceAll('-', '')}T${time.replace(':', '')}00`;

/** An instant as a UTC DATE-TIME, e.g. `20261201T120000Z`. */
const utcDateTime = (stamp: string): string => {
  const instant = new Date(stamp);
  const iso = Number.isNaN(instant.getTime()) ? '' : instant.toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!match) throw new RangeError(`Not an ISO instant: ${JSON.stringify(stamp)}`);
  const [, year, month, day, hour, minute, second] = match;
  return `${year}${month}${day}T${hour}${minute}${second}Z`;
};

const utf8Octets = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 §3.1), each continuation
 * starting with a space. It breaks only between whole characters, never inside a UTF-8 sequence,
 * and keeps a backslash escape together so that a parser unescaping per physical line cannot trip.
 */
const fold = (line: string): string => {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const atom of line.match(/\\.|[\s\S]/gu) ?? []) {
    const size = [...atom].reduce((sum, char) => sum + utf8Octets(char.codePointAt(0) ?? 0), 0);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += atom;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
};

/**
 * The iCalendar text of a meeting invitation or cancellation, CRLF line endings throughout.
 *
 * A meeting of several days is ONE VEVENT on the first day with `RRULE:FREQ=DAILY;COUNT=<days>`,
 * not one VEVENT per day: iTIP identifies an entry by its UID, and two VEVENTs sharing a UID
 * without RECURRENCE-ID are not allowed, while two UIDs could not be updated or cancelled as one
 * meeting (a reschedule from two days to one would leave an orphan). Hence the days must be
 * consecutive; a RangeError says otherwise, as it does for a bad date, time, stamp, sequence,
 * URL or e-mail address. Free text is escaped after {@link normalizeCalendarText}, so a line break
 * in a title stays inside the SUMMARY as `\n` and can never start a property of its own.
 * The attendee is listed as having accepted, without a reply requested: registering was the answer.
 */
export const meetingInvite = (invite: CalendarInvite): string => {
  const firstDay = checkDays(invite.days);
  checkTimes(invite.startTime, invite.endTime);
  if (!Number.isSafeInteger(invite.sequence) || invite.sequence < 0) {
    throw new RangeError(`The sequence must be a whole number ≥ 0: ${invite.sequence}`);
  }
  const stamp = utcDateTime(invite.stamp);
  const organizer = calAddress(invite.organizer.email, 'organizer');
  const attendee = invite.attendee ? calAddress(invite.attendee.email, 'attendee') : undefined;

  const event = [
    'BEGIN:VEVENT',
    `UID:${escapeText(invite.uid)}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${ZONE}:${localDateTime(firstDay, invite.startTime)}`,
    `DTEND;TZID=${ZONE}:${localDateTime(firstDay, invite.endTime)}`,
    ...(invite.days.length > 1 ? [`RRULE:FREQ=DAILY;COUNT=${invite.days.length}`] : []),
    `SUMMARY:${escapeText(invite.title)}`,
    ...(invite.description !== undefined ? [`DESCRIPTION:${escapeText(invite.description)}`] : []),
    ...(invite.location !== undefined ? [`LOCATION:${escapeText(invite.location)}`] : []),
    ...(invite.url !== undefined ? [`URL:${uriValue(invite.url)}`] : []),
    `STATUS:${invite.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${quoteParam(invite.organizer.name)}:${organizer}`,
    ...(attendee
      ? [
          `ATTENDEE${invite.attendee?.name !== undefined ? `;CN=${quoteParam(invite.attendee.name)}` : ''}` +
            `;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:${attendee}`,
        ]
      : []),
    'END:VEVENT',
  ];

  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODUCT_ID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${invite.method}`,
    ...STOCKHOLM_VTIMEZONE,
    ...event,
    'END:VCALENDAR',
  ];
  return lines.map((line) => fold(line) + CRLF).join('');
};

/** The domain's {@link CalendarWriter}, written as iCalendar; handlers inject it into the use cases. */
export const icalendarWriter: CalendarWriter = { uid: meetingUid, invite: meetingInvite };
