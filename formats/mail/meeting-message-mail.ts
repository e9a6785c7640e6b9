import type { MessageMailComposer } from '../../domain/meetings/message-registrants';
import { escapeHtml, singleLine } from './escape';
import { formatDay } from './templates';

const copy = {
  sv: {
    greeting: (name: string) => `Hej ${name},`,
    about: 'Gäller',
    reply: 'Svara på det här mejlet om du har frågor.',
    signature: 'Kommunnätverket för hållbar utveckling',
  },
  en: {
    greeting: (name: string) => `Hello ${name},`,
    about: 'About',
    reply: 'Reply to this e-mail if you have questions.',
    signature: 'The Municipal Network for Sustainable Development',
  },
} as const;

/**
 * The secretariat's message to one registrant: their greeting, the text as written (plain text;
 * line breaks kept, nothing in it read as HTML), and which meeting it is about.
 */
export const meetingMessageMail: MessageMailComposer = (recipient, meeting, message) => {
  const c = copy[recipient.language];
  const when = meeting.days.map((day) => formatDay(day, recipient.language)).join(', ');
  const about = `${c.about}: ${meeting.title}, ${when} ${meeting.startTime}–${meeting.endTime}`;
  const text = [c.greeting(recipient.name), '', message.text, '', about, c.reply, '', c.signature].join('\n');
  const paragraphs = message.text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`);
  const html = [
    `<!doctype html><html lang="${recipient.language}"><head><meta charset="utf-8"><title>${escapeHtml(singleLine(message.subject))}</title></head><body>`,
    `<p>${escapeHtml(c.greeting(recipient.name))}</p>`,
    ...paragraphs,
    `<p>${escapeHtml(about)}<br>${escapeHtml(c.reply)}</p>`,
    `<p>${escapeHtml(c.signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: recipient.email, subject: singleLine(message.subject), text, html };
};
