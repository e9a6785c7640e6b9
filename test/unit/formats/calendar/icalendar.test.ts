import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { addDays, stockholmInstant } from '../../../../domain/shared/stockholm-time';
import {
  type CalendarInvite,
  meetingInvite,
  meetingUid,
  normalizeCalendarText,
} from '../../../../formats/calendar/icalendar';

const invite = (overrides: Partial<CalendarInvite> = {}): CalendarInvite => ({
  method: 'REQUEST',
  uid: 'meeting-1@natverket.example',
  sequence: 0,
  stamp: '2026-11-01T10:00:00Z',
  title: 'Fokusgrupp energi',
  days: ['2026-12-03'],
  startTime: '09:30',
  endTime: '16:00',
  organizer: { name: 'Nätverket', email: 'moten@natverket.example' },
  ...overrides,
});

/**
 * Parses the text as a calendar would: ical.js, with the VTIMEZONE of the output itself (and no
 * other) registered, so times convert by the rules the generator wrote.
 */
const parse = (ics: string) => {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vtimezone = calendar.getFirstSubcomponent('vtimezone');
  ICAL.TimezoneService.reset();
  if (vtimezone) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const vevents = calendar.getAllSubcomponents('vevent');
  const vevent = vevents[0];
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevents, vevent, event: new ICAL.Event(vevent) };
};

/** Every occurrence of the event, as UTC instants. */
const occurrences = (event: InstanceType<typeof ICAL.Event>): string[] => {
  const result: string[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && result.length < 10; next = iterator.next()) {
    result.push(next.toJSDate().toISOString());
  }
  return result;
};

/** The physical lines, each with the line break that ends it. */
const physicalLines = (ics: string): string[] => ics.match(/[^\r\n]*(\r\n|\r|\n|$)/g)?.filter(Boolean) ?? [];

const octets = (text: string): number => Buffer.byteLength(text, 'utf8');

/** RFC 5545 §3.1 unfolding: a line break followed by one space or tab disappears. */
const unfold = (ics: string): string => ics.replace(/\r\n[ \t]/g, '');

/** Any code point, lone surrogates included. */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));
const trickyChar = fc.constantFrom(
  '\r\n',
  '\r',
  '\n',
  ',',
  ';',
  ':',
  '\\',
  '"',
  '^',
  'å',
  'ä',
  'ö',
  '😀',
  ' ',
  '\t',
);
const anyTitle = fc.string({ unit: fc.oneof(anyCodePoint, trickyChar), maxLength: 120 });

describe('meetingInvite', () => {
  it('declares the calendar, the method, the UID and the sequence', () => {
    // Arrange
    const request = invite({ sequence: 3 });

    // Act
    const { calendar, event } = parse(meetingInvite(request));

    // Assert
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('prodid')).toMatch(/^-\/\/.+\/\/.+\/\/[A-Z]{2}$/);
    expect(event.uid).toBe('meeting-1@natverket.example');
    expect(event.sequence).toBe(3);
  });

  it('keeps å ä ö, commas and semicolons in the summary, location and description', () => {
    // Arrange
    const request = invite({
      title: 'Fokusgrupp: Energi; möte, del 1 – Åre \\ Öland',
      location: 'Göteborg, Stadshuset; sal Ä',
      description: 'Välkommen!\nKaffe, smörgås; lunch.',
    });

    // Act
    const { event } = parse(meetingInvite(request));

    // Assert
    expect(event.summary).toBe('Fokusgrupp: Energi; möte, del 1 – Åre \\ Öland');
    expect(event.location).toBe('Göteborg, Stadshuset; sal Ä');
    expect(event.description).toBe('Välkommen!\nKaffe, smörgås; lunch.');
  });

  it('escapes the special characters of TEXT', () => {
    // Arrange
    const request = invite({ title: 'a\\b;c,d\ne' });

    // Act
    const ics = meetingInvite(request);

    // Assert
    expect(ics).toContain('\r\nSUMMARY:a\\\\b\\;c\\,d\\ne\r\n');
  });

  it('places a winter meeting at the CET instant (09:30 is 08:30Z)', () => {
    // Arrange
    const request = invite({ days: ['2026-12-03'], startTime: '09:30', endTime: '16:00' });

    // Act
    const ics = meetingInvite(request);
    const { event } = parse(ics);

    // Assert
    expect(ics).toContain('\r\nDTSTART;TZID=Europe/Stockholm:20261203T093000\r\n');
    expect(ics).toContain('\r\nDTEND;TZID=Europe/Stockholm:20261203T160000\r\n');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-03T08:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-03T15:00:00.000Z');
  });

  it('places a summer meeting at the CEST instant (09:30 is 07:30Z)', () => {
    // Arrange
    const request = invite({ days: ['2027-06-10'], startTime: '09:30', endTime: '12:00' });

    // Act
    const { event } = parse(meetingInvite(request));

    // Assert
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-06-10T07:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-06-10T10:00:00.000Z');
  });

  it('carries a VTIMEZONE that agrees with the Stockholm rules on any date and daytime hour', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 15 }),
        fc.integer({ min: 6, max: 21 }),
        fc.integer({ min: 0, max: 59 }),
        (offset, hour, minute) => {
          // Arrange
          const day = addDays('2026-01-01', offset);
          const startTime = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

          // Act
          const { event } = parse(meetingInvite(invite({ days: [day], startTime, endTime: '23:00' })));

          // Assert
          expect(event.startDate.toJSDate().toISOString()).toBe(
            stockholmInstant(day, startTime).toISOString(),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('makes a two-day meeting one event that occurs on two consecutive days', () => {
    // Arrange
    const request = invite({ days: ['2027-03-27', '2027-03-28'], startTime: '09:00', endTime: '16:00' });

    // Act
    const ics = meetingInvite(request);
    const { vevents, event } = parse(ics);

    // Assert
    expect(vevents).toHaveLength(1);
    expect(ics).toContain('\r\nRRULE:FREQ=DAILY;COUNT=2\r\n');
    // The second day is the first of summer time: same wall clock, one hour earlier in UTC.
    expect(occurrences(event)).toEqual(['2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z']);
  });

  it('makes a one-day meeting a single occurrence without RRULE', () => {
    // Arrange
    const request = invite({ days: ['2026-12-03'] });

    // Act
    const ics = meetingInvite(request);
    const { event } = parse(ics);

    // Assert
    expect(ics).not.toContain('RRULE:FREQ=DAILY');
    expect(occurrences(event)).toEqual(['2026-12-03T08:30:00.000Z']);
  });

  it('marks a cancellation CANCELLED under the same UID', () => {
    // Arrange
    const request = invite({ sequence: 1 });
    const cancellation = invite({ method: 'CANCEL', sequence: 2 });

    // Act
    const sent = parse(meetingInvite(request));
    const cancelled = parse(meetingInvite(cancellation));

    // Assert
    expect(sent.vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(sent.event.uid);
    expect(cancelled.event.sequence).toBe(2);
  });

  it('writes DTSTAMP in UTC whatever offset the stamp has', () => {
    // Arrange
    const request = invite({ stamp: '2026-11-01T11:00:05.123+01:00' });

    // Act
    const ics = meetingInvite(request);

    // Assert
    expect(ics).toContain('\r\nDTSTAMP:20261101T100005Z\r\n');
  });

  it('names the organizer and the attendee with mailto addresses', () => {
    // Arrange
    const request = invite({
      organizer: { name: 'Nätverket "Hållbar kommun"; kansliet', email: 'moten@natverket.example' },
      attendee: { name: 'Åsa Öberg, Växjö', email: 'asa.oberg@vaxjo.example' },
    });

    // Act
    const { vevent } = parse(meetingInvite(request));
    const organizer = vevent.getFirstProperty('organizer');
    const attendee = vevent.getFirstProperty('attendee');

    // Assert
    expect(organizer?.getFirstValue()).toBe('mailto:moten@natverket.example');
    expect(organizer?.getParameter('cn')).toBe('Nätverket "Hållbar kommun"; kansliet');
    expect(attendee?.getFirstValue()).toBe('mailto:asa.oberg@vaxjo.example');
    expect(attendee?.getParameter('cn')).toBe('Åsa Öberg, Växjö');
    expect(attendee?.getParameter('partstat')).toBe('ACCEPTED');
  });

  it('leaves out ATTENDEE, DESCRIPTION, LOCATION and URL when not given', () => {
    // Arrange
    const request = invite();

    // Act
    const { vevent } = parse(meetingInvite(request));

    // Assert
    expect(vevent.getAllProperties().map((property) => property.name)).toEqual([
      'uid',
      'sequence',
      'dtstamp',
      'dtstart',
      'dtend',
      'summary',
      'status',
      'organizer',
    ]);
  });

  it('gives a digital meeting its link as location and URL', () => {
    // Arrange
    const link = 'https://meet.example/j/123?pwd=a;b,c';
    const request = invite({ location: link, url: link });

    // Act
    const { event, vevent } = parse(meetingInvite(request));

    // Assert
    expect(event.location).toBe(link);
    expect(vevent.getFirstPropertyValue('url')).toBe(link);
  });

  it('ends every line with CRLF and keeps it within 75 octets', () => {
    // Arrange
    const long = 'Långt möte om hållbarhet, energi; klimat och återbruk i Ängelholm '.repeat(6);
    const request = invite({
      title: long,
      description: long,
      location: long,
      url: `https://meet.example/${'x'.repeat(200)}`,
      days: ['2026-12-03', '2026-12-04'],
      organizer: { name: long, email: 'moten@natverket.example' },
      attendee: { name: long, email: 'asa.oberg@vaxjo.example' },
    });

    // Act
    const ics = meetingInvite(request);
    const lines = physicalLines(ics);

    // Assert
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) {
      expect(line.endsWith('\r\n')).toBe(true);
      expect(line.slice(0, -2)).not.toMatch(/[\r\n]/);
      expect(octets(line.slice(0, -2))).toBeLessThanOrEqual(75);
    }
    expect(physicalLines(ics).join('')).toBe(ics);
  });

  it('folds a long multi-byte title between whole characters', () => {
    // Arrange
    const title = 'Åäö 😀 möte i Örnsköldsvik '.repeat(10);

    // Act
    const ics = meetingInvite(invite({ title }));

    // Assert
    const summaryLines = ics.slice(ics.indexOf('SUMMARY:')).split('\r\n');
    const folded = summaryLines.slice(
      0,
      summaryLines.findIndex((line, i) => i > 0 && !line.startsWith(' ')),
    );
    expect(folded.length).toBeGreaterThan(3);
    const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
    for (const line of folded) {
      const bytes = Buffer.from(line, 'utf8');
      // Each physical line is valid UTF-8 on its own: no sequence was cut.
      expect(strictUtf8.decode(bytes)).toBe(line);
      expect(bytes.length).toBeLessThanOrEqual(75);
    }
    expect(unfold(ics)).toContain(`\r\nSUMMARY:${title}\r\n`);
    expect(parse(ics).event.summary).toBe(title);
  });

  it('keeps a line break in the title inside SUMMARY instead of starting a property', () => {
    // Arrange
    const request = invite({
      title: 'Möte\r\nATTENDEE:mailto:evil@example.com\nX-EVIL:1\rEND:VEVENT',
      description: 'rad 1\r\nORGANIZER:mailto:evil@example.com',
      location: 'Sal A\nURL:https://evil.example',
    });

    // Act
    const ics = meetingInvite(request);
    const { vevent, event } = parse(ics);

    // Assert
    expect(vevent.getAllProperties('attendee')).toHaveLength(0);
    expect(vevent.getAllProperties('organizer')).toHaveLength(1);
    expect(vevent.getAllProperties('url')).toHaveLength(0);
    expect(vevent.getAllProperties('x-evil')).toHaveLength(0);
    expect(unfold(ics)).toContain(
      '\r\nSUMMARY:Möte\\nATTENDEE:mailto:evil@example.com\\nX-EVIL:1\\nEND:VEVENT\r\n',
    );
    expect(event.summary).toBe('Möte\nATTENDEE:mailto:evil@example.com\nX-EVIL:1\nEND:VEVENT');
    expect(event.description).toBe('rad 1\nORGANIZER:mailto:evil@example.com');
    expect(event.location).toBe('Sal A\nURL:https://evil.example');
  });

  it('reads any title back as written, after the documented normalisation', () => {
    fc.assert(
      fc.property(anyTitle, (title) => {
        // Arrange
        const request = invite({ title });

        // Act
        const ics = meetingInvite(request);
        const received = Buffer.from(ics, 'utf8').toString('utf8'); // as the mail carries it

        // Assert
        expect(parse(received).event.summary).toBe(normalizeCalendarText(title));
        for (const line of physicalLines(ics)) {
          expect(line).toMatch(/^[^\r\n]*\r\n$/);
          expect(octets(line) - 2).toBeLessThanOrEqual(75);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a carriage return', 'asa@vaxjo.example\rX-EVIL:1'],
    ['a line feed', 'asa@vaxjo.example\nATTENDEE:mailto:evil@example.com'],
    ['a colon', 'mailto:asa@vaxjo.example'],
    ['a semicolon', 'asa@vaxjo.example;RSVP=TRUE'],
    ['no @', 'asa.vaxjo.example'],
  ])('refuses an attendee e-mail with %s', (_, email) => {
    // Arrange
    const request = invite({ attendee: { email } });

    // Act
    const act = () => meetingInvite(request);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each([
    ['a line feed', 'moten@natverket.example\nX-EVIL:1'],
    ['a colon', 'moten:x@natverket.example'],
    ['a semicolon', 'moten@natverket.example;CN=x'],
  ])('refuses an organizer e-mail with %s', (_, email) => {
    // Arrange
    const request = invite({ organizer: { name: 'Nätverket', email } });

    // Act
    const act = () => meetingInvite(request);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each([
    ['no days', []],
    ['a gap between the days', ['2026-12-03', '2026-12-05']],
    ['days in descending order', ['2026-12-04', '2026-12-03']],
    ['the same day twice', ['2026-12-03', '2026-12-03']],
    ['a date that does not exist', ['2026-02-30']],
    ['a date in another format', ['2026-12-3']],
  ])('refuses %s', (_, days) => {
    // Arrange
    const request = invite({ days });

    // Act
    const act = () => meetingInvite(request);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each([
    ['an end before the start', { startTime: '16:00', endTime: '09:30' }],
    ['a time that is not HH:MM', { startTime: '9:30' }],
    ['a stamp that is not an instant', { stamp: 'igår' }],
    ['a negative sequence', { sequence: -1 }],
    ['a fractional sequence', { sequence: 1.5 }],
    ['a URL with a line break', { url: 'https://meet.example/a\r\nX-EVIL:1' }],
  ] satisfies [string, Partial<CalendarInvite>][])('refuses %s', (_, overrides) => {
    // Arrange
    const request = invite(overrides);

    // Act
    const act = () => meetingInvite(request);

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('normalizeCalendarText', () => {
  it('turns every kind of line break into a line feed and drops other control characters', () => {
    // Arrange
    const value = 'a\r\nb\rc\nd\u0000e\u001bf\u007fg\th';

    // Act
    const normalized = normalizeCalendarText(value);

    // Assert
    expect(normalized).toBe('a\nb\nc\nde' + 'fg\th');
  });

  it('replaces a lone surrogate but keeps a pair', () => {
    // Arrange
    const value = 'x\ud800y😀\udc00';

    // Act
    const normalized = normalizeCalendarText(value);

    // Assert
    expect(normalized).toBe('x\ufffdy😀\ufffd');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyTitle, (title) => {
        // Act
        const once = normalizeCalendarText(title);

        // Assert
        expect(normalizeCalendarText(once)).toBe(once);
      }),
    );
  });
});

describe('meetingUid', () => {
  it('joins the meeting id and the domain', () => {
    // Act
    const uid = meetingUid('01JD6Z8Q2K', 'natverket.example');

    // Assert
    expect(uid).toBe('01JD6Z8Q2K@natverket.example');
  });

  it.each([
    ['an empty meeting id', '', 'natverket.example'],
    ['a meeting id with a line break', 'a\r\nb', 'natverket.example'],
    ['a domain with an @', 'm1', 'a@b'],
  ])('refuses %s', (_, meetingId, domain) => {
    // Act
    const act = () => meetingUid(meetingId, domain);

    // Assert
    expect(act).toThrow(RangeError);
  });
});
