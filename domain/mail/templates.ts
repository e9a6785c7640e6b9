/**
 * Every e-mail the network sends, in Swedish and English, plain text and HTML, in one place.
 * Values are escaped here, at the only point where they meet markup.
 */
import type { Meeting } from '../meetings/meeting';
import type { Language, Registration, RegistrationStatus } from '../meetings/registration';
import type { OutgoingMail } from '../ports';
import { escapeHtml, singleLine } from './escape';

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

/** "torsdag 3 december 2026" / "Thursday, 3 December 2026". */
export const formatDay = (day: string, language: Language): string =>
  new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));

const copy = {
  sv: {
    subject: { confirmed: 'Anmälan bekräftad', waitlisted: 'Du står på väntelistan' },
    greeting: (name: string) => `Hej ${name}!`,
    intro: {
      confirmed: 'Tack för din anmälan. Du har en plats på mötet:',
      waitlisted: 'Tack för din anmälan. Mötet är fullt, så du står på väntelistan till:',
    },
    outro: {
      confirmed: 'Välkommen!',
      waitlisted: 'Vi hör av oss med e-post om en plats blir ledig.',
    },
    when: 'När',
    where: 'Var',
    link: 'Länk',
    days: 'Dina dagar',
    time: (start: string, end: string) => `kl. ${start}–${end}`,
    signature: 'Kommunnätverket för hållbar utveckling',
  },
  en: {
    subject: { confirmed: 'Registration confirmed', waitlisted: 'You are on the waiting list' },
    greeting: (name: string) => `Hello ${name},`,
    intro: {
      confirmed: 'Thank you for registering. You have a place at the meeting:',
      waitlisted: 'Thank you for registering. The meeting is full, so you are on the waiting list for:',
    },
    outro: {
      confirmed: 'Welcome!',
      waitlisted: 'We will e-mail you if a place becomes free.',
    },
    when: 'When',
    where: 'Where',
    link: 'Link',
    days: 'Your days',
    time: (start: string, end: string) => `${start}–${end}`,
    signature: 'The municipal network for sustainable development',
  },
} as const;

/**
 * The confirmation (or waiting-list notice) sent to the registrant: title, date, time, venue or
 * online link. It names only the recipient, never other participants.
 */
export const registrationConfirmationMail = (
  registration: Pick<Registration, 'email' | 'name' | 'language' | 'days'>,
  meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime' | 'venue' | 'onlineUrl'>,
  status: RegistrationStatus,
): OutgoingMail => {
  const t = copy[registration.language];
  const when = meeting.days
    .map((day) => `${formatDay(day, registration.language)} ${t.time(meeting.startTime, meeting.endTime)}`)
    .join('; ');
  const rows: Array<[string, string, boolean]> = [[t.when, when, false]];
  if (meeting.venue) rows.push([t.where, meeting.venue, false]);
  if (meeting.onlineUrl) rows.push([t.link, meeting.onlineUrl, true]);
  if (meeting.days.length > 1) {
    rows.push([
      t.days,
      registration.days.map((day) => formatDay(day, registration.language)).join(', '),
      false,
    ]);
  }

  const text = [
    t.greeting(registration.name),
    '',
    t.intro[status],
    '',
    meeting.title,
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    t.outro[status],
    '',
    t.signature,
  ].join('\n');

  const htmlRows = rows
    .map(([label, value, isLink]) => {
      const shown = isLink ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${shown}</td></tr>`;
    })
    .join('');
  const html = [
    `<!doctype html><html lang="${registration.language}"><head><meta charset="utf-8"><title>${escapeHtml(meeting.title)}</title></head><body>`,
    `<p>${escapeHtml(t.greeting(registration.name))}</p>`,
    `<p>${escapeHtml(t.intro[status])}</p>`,
    `<h1 style="font-size:1.25em">${escapeHtml(meeting.title)}</h1>`,
    `<table>${htmlRows}</table>`,
    `<p>${escapeHtml(t.outro[status])}</p>`,
    `<p>${escapeHtml(t.signature)}</p>`,
    '</body></html>',
  ].join('\n');

  return {
    to: registration.email,
    subject: singleLine(`${t.subject[status]}: ${meeting.title}`),
    text,
    html,
  };
};
