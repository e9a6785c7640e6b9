/**
 * Every e-mail the network sends, in Swedish and English, plain text and HTML, in one place.
 * Values are escaped here, at the only point where they meet markup.
 */
import { currentDays, type Meeting } from '../../domain/meetings/meeting';
import type { Language, Registration, RegistrationStatus } from '../../domain/meetings/registration';
import type { OutgoingMail } from '../../domain/ports';
import type { MailMeeting, MailRegistration } from '../../domain/rendering-ports';
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
    subject: {
      confirmed: 'Anmälan bekräftad',
      waitlisted: 'Du står på väntelistan',
      promoted: 'Du har fått en plats',
    },
    greeting: (name: string) => `Hej ${name}!`,
    intro: {
      confirmed: 'Tack för din anmälan. Du har en plats på mötet:',
      waitlisted: 'Tack för din anmälan. Mötet är fullt, så du står på väntelistan till:',
      promoted: 'En plats har blivit ledig och den är din. Du har nu en plats på mötet:',
    },
    outro: {
      confirmed: 'Välkommen!',
      waitlisted: 'Vi hör av oss med e-post om en plats blir ledig.',
      promoted: 'Välkommen!',
    },
    queue: (position: number) => `Du är nummer ${position} i kön.`,
    cancel: 'Kan du inte komma? Avboka här, så går platsen till någon annan:',
    cancelWaiting: 'Vill du inte längre stå i kö? Avboka här:',
    when: 'När',
    where: 'Var',
    link: 'Länk',
    days: 'Dina dagar',
    time: (start: string, end: string) => `kl. ${start}–${end}`,
    signature: 'Kommunnätverket för hållbar utveckling',
  },
  en: {
    subject: {
      confirmed: 'Registration confirmed',
      waitlisted: 'You are on the waiting list',
      promoted: 'You have a place',
    },
    greeting: (name: string) => `Hello ${name},`,
    intro: {
      confirmed: 'Thank you for registering. You have a place at the meeting:',
      waitlisted: 'Thank you for registering. The meeting is full, so you are on the waiting list for:',
      promoted: 'A place has become free and it is yours. You now have a place at the meeting:',
    },
    outro: {
      confirmed: 'Welcome!',
      waitlisted: 'We will e-mail you if a place becomes free.',
      promoted: 'Welcome!',
    },
    queue: (position: number) => `You are number ${position} in the queue.`,
    cancel: 'Cannot come? Cancel here so that someone else can have the place:',
    cancelWaiting: 'No longer want to wait? Cancel here:',
    when: 'When',
    where: 'Where',
    link: 'Link',
    days: 'Your days',
    time: (start: string, end: string) => `${start}–${end}`,
    signature: 'The municipal network for sustainable development',
  },
} as const;

/** When, where (venue or link) and, for two-day meetings, the registrant's own days. */
const detailRows = (
  registration: MailRegistration,
  meeting: MailMeeting,
): Array<[string, string, boolean]> => {
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
      currentDays(meeting, registration.days)
        .map((day) => formatDay(day, registration.language))
        .join(', '),
      false,
    ]);
  }
  return rows;
};

/**
 * A mail about one registration for one meeting: greeting, intro, the meeting's details, closing
 * lines and the registrant's cancellation link. Every value is escaped in the HTML part.
 */
const registrationMail = (
  registration: MailRegistration,
  meeting: MailMeeting,
  parts: { subject: string; intro: string; after: string[]; cancel?: { label: string; url: string } },
): OutgoingMail => {
  const t = copy[registration.language];
  const rows = detailRows(registration, meeting);
  const text = [
    t.greeting(registration.name),
    '',
    parts.intro,
    '',
    meeting.title,
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    ...parts.after.flatMap((line) => [line, '']),
    ...(parts.cancel ? [parts.cancel.label, parts.cancel.url, ''] : []),
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
    `<p>${escapeHtml(parts.intro)}</p>`,
    `<h1 style="font-size:1.25em">${escapeHtml(meeting.title)}</h1>`,
    `<table>${htmlRows}</table>`,
    ...parts.after.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(parts.cancel
      ? [
          `<p>${escapeHtml(parts.cancel.label)} <a href="${escapeHtml(parts.cancel.url)}">${escapeHtml(parts.cancel.url)}</a></p>`,
        ]
      : []),
    `<p>${escapeHtml(t.signature)}</p>`,
    '</body></html>',
  ].join('\n');

  return { to: registration.email, subject: singleLine(parts.subject), text, html };
};

/**
 * The confirmation (or waiting-list notice) sent to the registrant: title, date, time, venue or
 * online link. It names only the recipient, never other participants.
 */
export const registrationConfirmationMail = (
  registration: MailRegistration,
  meeting: MailMeeting,
  status: RegistrationStatus | 'promoted',
  extras: { cancelUrl?: string; queuePosition?: number } = {},
): OutgoingMail => {
  const t = copy[registration.language];
  const after: string[] = [];
  if (status === 'waitlisted' && extras.queuePosition !== undefined)
    after.push(t.queue(extras.queuePosition));
  after.push(t.outro[status]);
  return registrationMail(registration, meeting, {
    subject: `${t.subject[status]}: ${meeting.title}`,
    intro: t.intro[status],
    after,
    ...(extras.cancelUrl
      ? { cancel: { label: status === 'waitlisted' ? t.cancelWaiting : t.cancel, url: extras.cancelUrl } }
      : {}),
  });
};

const updateCopy = {
  sv: {
    movedSubject: (title: string) => `Ändrad tid eller plats: ${title}`,
    moved: 'Mötet du är anmäld till har flyttats. Så här gäller nu:',
    movedWaiting: 'Mötet du står på väntelistan till har flyttats. Så här gäller nu:',
    movedInvite: 'Den bifogade kalenderfilen uppdaterar mötet i din kalender.',
    stillWaiting: 'Du står kvar på väntelistan.',
    reminderSubject: (title: string, daysBefore: number) =>
      daysBefore === 1 ? `Påminnelse: ${title} i morgon` : `Påminnelse: ${title} om en vecka`,
    reminder: (daysBefore: number) =>
      daysBefore === 1 ? 'Välkommen i morgon! En påminnelse om mötet:' : 'Om en vecka är det dags för mötet:',
  },
  en: {
    movedSubject: (title: string) => `New time or place: ${title}`,
    moved: 'The meeting you registered for has moved. This is what applies now:',
    movedWaiting: 'The meeting you are on the waiting list for has moved. This is what applies now:',
    movedInvite: 'The attached calendar file updates the meeting in your calendar.',
    stillWaiting: 'You remain on the waiting list.',
    reminderSubject: (title: string, daysBefore: number) =>
      daysBefore === 1 ? `Reminder: ${title} tomorrow` : `Reminder: ${title} in a week`,
    reminder: (daysBefore: number) =>
      daysBefore === 1 ? 'Welcome tomorrow! A reminder of the meeting:' : 'The meeting is a week away:',
  },
} as const;

/** The meeting has moved: its new time and place, for someone with a seat or in the queue. */
export const meetingRescheduledMail = (
  registration: MailRegistration,
  meeting: MailMeeting,
  standing: 'confirmed' | 'waitlisted',
  cancelUrl: string,
): OutgoingMail => {
  const t = updateCopy[registration.language];
  const c = copy[registration.language];
  return registrationMail(registration, meeting, {
    subject: t.movedSubject(meeting.title),
    intro: standing === 'confirmed' ? t.moved : t.movedWaiting,
    after: [standing === 'confirmed' ? t.movedInvite : t.stillWaiting],
    cancel: { label: standing === 'confirmed' ? c.cancel : c.cancelWaiting, url: cancelUrl },
  });
};

/** The reminder a week and a day before, to those with a seat, with their cancellation link. */
export const meetingReminderMail = (
  registration: MailRegistration,
  meeting: MailMeeting,
  daysBefore: number,
  cancelUrl: string,
): OutgoingMail => {
  const t = updateCopy[registration.language];
  return registrationMail(registration, meeting, {
    subject: t.reminderSubject(meeting.title, daysBefore),
    intro: t.reminder(daysBefore),
    after: [],
    cancel: { label: copy[registration.language].cancel, url: cancelUrl },
  });
};

const evaluationCopy = {
  sv: {
    subject: (title: string) => `Vad tyckte du om ${title}?`,
    greeting: (name: string) => `Hej ${name}!`,
    body: 'Tack för att du deltog. Två frågor om mötet tar en minut att besvara, och dina svar är anonyma:',
    link: 'Svara här (länken fungerar en gång):',
    reminder: 'En vänlig påminnelse, om du inte redan hunnit svara.',
    reminderSubject: 'Påminnelse:',
    signature: 'Kommunnätverket för hållbar utveckling',
  },
  en: {
    subject: (title: string) => `What did you think of ${title}?`,
    greeting: (name: string) => `Hello ${name},`,
    body: 'Thank you for taking part. Two questions about the meeting take a minute, and your answers are anonymous:',
    link: 'Answer here (the link works once):',
    reminder: 'A friendly reminder, in case you have not had time to answer yet.',
    reminderSubject: 'Reminder:',
    signature: 'The municipal network for sustainable development',
  },
} as const;

/**
 * The invitation to evaluate a meeting, sent to attendees only, with their single-use link; the
 * reminder three days later (to those who have not answered) is the same mail, marked as one.
 */
export const evaluationInvitationMail = (
  registration: Pick<Registration, 'email' | 'name' | 'language'>,
  meeting: Pick<Meeting, 'title'>,
  evaluateUrl: string,
  reminder = false,
): OutgoingMail => {
  const t = evaluationCopy[registration.language];
  const body = reminder ? `${t.reminder} ${t.body}` : t.body;
  const subject = reminder ? `${t.reminderSubject} ${t.subject(meeting.title)}` : t.subject(meeting.title);
  const text = [
    t.greeting(registration.name),
    '',
    body,
    '',
    meeting.title,
    '',
    t.link,
    evaluateUrl,
    '',
    t.signature,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${registration.language}"><head><meta charset="utf-8"><title>${escapeHtml(meeting.title)}</title></head><body>`,
    `<p>${escapeHtml(t.greeting(registration.name))}</p>`,
    `<p>${escapeHtml(body)}</p>`,
    `<h1 style="font-size:1.25em">${escapeHtml(meeting.title)}</h1>`,
    `<p>${escapeHtml(t.link)} <a href="${escapeHtml(evaluateUrl)}">${escapeHtml(evaluateUrl)}</a></p>`,
    `<p>${escapeHtml(t.signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: registration.email, subject: singleLine(subject), text, html };
};

const listCopy = {
  sv: {
    confirmSubject: (group: string) => `Bekräfta prenumerationen: ${group}`,
    confirmBody: (group: string) =>
      `Någon (förhoppningsvis du) vill få utskick från ${group} i Kommunnätverket för hållbar utveckling. Bekräfta med länken nedan. Gör du inget händer inget, och adressen tas inte med.`,
    confirmLink: 'Bekräfta här:',
    announceSubject: (title: string) => `Nytt möte: ${title}`,
    announceBody: (group: string) => `${group} har ett nytt möte. Anmälan är öppen:`,
    unsubscribe: 'Vill du inte längre få utskick? Avsluta här:',
  },
  en: {
    confirmSubject: (group: string) => `Confirm your subscription: ${group}`,
    confirmBody: (group: string) =>
      `Someone (hopefully you) asked to receive mail from ${group} of the municipal network for sustainable development. Confirm with the link below. If you do nothing, nothing happens and the address is not kept.`,
    confirmLink: 'Confirm here:',
    announceSubject: (title: string) => `New meeting: ${title}`,
    announceBody: (group: string) => `${group} has a new meeting. Registration is open:`,
    unsubscribe: 'No longer want these e-mails? Unsubscribe here:',
  },
} as const;

const simpleMail = (
  to: string,
  language: Language,
  subject: string,
  paragraphs: string[],
  link: { label: string; url: string },
  footer?: { label: string; url: string },
): OutgoingMail => {
  const signature = copy[language].signature;
  const text = [
    ...paragraphs.flatMap((p) => [p, '']),
    link.label,
    link.url,
    '',
    ...(footer ? [footer.label, footer.url, ''] : []),
    signature,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>${escapeHtml(link.label)} <a href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a></p>`,
    ...(footer
      ? [
          `<p><small>${escapeHtml(footer.label)} <a href="${escapeHtml(footer.url)}">${escapeHtml(footer.url)}</a></small></p>`,
        ]
      : []),
    `<p>${escapeHtml(signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to, subject: singleLine(subject), text, html };
};

/** Double opt-in: the confirmation link of a mailing-list subscription. */
export const subscriptionConfirmationMail = (
  to: string,
  language: Language,
  groupName: string,
  confirmUrl: string,
) => {
  const t = listCopy[language];
  return simpleMail(to, language, t.confirmSubject(groupName), [t.confirmBody(groupName)], {
    label: t.confirmLink,
    url: confirmUrl,
  });
};

/** A new meeting, announced to a focus group's list, with the subscriber's unsubscribe link. */
export const meetingAnnouncementMail = (
  to: string,
  language: Language,
  groupName: string,
  meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime' | 'venue' | 'onlineUrl'>,
  meetingUrl: string,
  unsubscribeUrl: string,
) => {
  const t = listCopy[language];
  const c = copy[language];
  const when = meeting.days
    .map((day) => `${formatDay(day, language)} ${c.time(meeting.startTime, meeting.endTime)}`)
    .join('; ');
  const where = meeting.venue ?? (language === 'sv' ? 'Digitalt möte' : 'Online meeting');
  return simpleMail(
    to,
    language,
    t.announceSubject(meeting.title),
    [t.announceBody(groupName), meeting.title, `${c.when}: ${when}`, `${c.where}: ${where}`],
    { label: language === 'sv' ? 'Läs mer och anmäl dig:' : 'Read more and register:', url: meetingUrl },
    { label: t.unsubscribe, url: unsubscribeUrl },
  );
};

const cancelledCopy = {
  sv: {
    subject: (title: string) => `Inställt: ${title}`,
    body: 'Mötet nedan är tyvärr inställt. Din anmälan gäller inte längre och du behöver inte göra något.',
  },
  en: {
    subject: (title: string) => `Cancelled: ${title}`,
    body: 'Unfortunately the meeting below is cancelled. Your registration no longer applies; you need not do anything.',
  },
} as const;

/** Tells a registrant that the meeting is cancelled. */
export const meetingCancelledMail = (
  registration: Pick<Registration, 'email' | 'name' | 'language'>,
  meeting: Pick<Meeting, 'title' | 'days' | 'startTime' | 'endTime'>,
): OutgoingMail => {
  const t = cancelledCopy[registration.language];
  const c = copy[registration.language];
  const when = meeting.days
    .map((day) => `${formatDay(day, registration.language)} ${c.time(meeting.startTime, meeting.endTime)}`)
    .join('; ');
  const text = [
    c.greeting(registration.name),
    '',
    t.body,
    '',
    meeting.title,
    `${c.when}: ${when}`,
    '',
    c.signature,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${registration.language}"><head><meta charset="utf-8"><title>${escapeHtml(meeting.title)}</title></head><body>`,
    `<p>${escapeHtml(c.greeting(registration.name))}</p>`,
    `<p>${escapeHtml(t.body)}</p>`,
    `<h1 style="font-size:1.25em">${escapeHtml(meeting.title)}</h1>`,
    `<p>${escapeHtml(c.when)}: ${escapeHtml(when)}</p>`,
    `<p>${escapeHtml(c.signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: registration.email, subject: singleLine(t.subject(meeting.title)), text, html };
};
