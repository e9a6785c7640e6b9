// The list of upcoming meetings, grouped by focus group. No inline script: the CSP forbids it.
import { element, get } from './api.js';
import { formatDays, formatInstant, onLanguageChange, t } from './i18n.js';

const status = document.getElementById('status');
const groups = document.getElementById('groups');
let meetings;
let failed = false;

const fact = (list, term, description) => {
  list.append(element('dt', term), element('dd', description));
};

const meetingItem = (meeting) => {
  const item = element('li', undefined, 'meeting');
  const headingId = `meeting-${meeting.id}`;
  const heading = element('h3', meeting.title);
  heading.id = headingId;
  item.append(heading);
  const facts = element('dl', undefined, 'facts');
  fact(
    facts,
    t('meeting.when'),
    `${formatDays(meeting.days)}, ${t('at', meeting.startTime, meeting.endTime)}`,
  );
  fact(
    facts,
    t('meeting.where'),
    meeting.kind === 'physical' ? `${t('meeting.physical')}: ${meeting.venue ?? ''}` : t('meeting.digital'),
  );
  const full = meeting.seatsLeft <= 0;
  fact(
    facts,
    t('meeting.seats'),
    full ? t('meeting.full') : t('meeting.seatsLeft', meeting.seatsLeft, meeting.capacity),
  );
  if (meeting.registrationOpen) fact(facts, t('meeting.closes'), formatInstant(meeting.registrationClosesAt));
  item.append(facts);

  const extras = [
    ['meeting.programme', meeting.programme ? [meeting.programme] : []],
    ['meeting.speakers', meeting.speakers ?? []],
    ['meeting.partners', meeting.partners ?? []],
  ].filter(([, values]) => values.length > 0);
  if (extras.length > 0) {
    const details = element('details', undefined, 'more');
    details.append(element('summary', t('meeting.more')));
    for (const [key, values] of extras) {
      details.append(element('h4', t(key)));
      if (key === 'meeting.programme') details.append(element('p', values[0], 'programme'));
      else {
        const list = element('ul');
        for (const value of values) list.append(element('li', value));
        details.append(list);
      }
    }
    item.append(details);
  }

  if (meeting.registrationOpen) {
    const link = element('a', full ? t('meeting.queue') : t('meeting.register'), 'button');
    link.href = `/register?meeting=${encodeURIComponent(meeting.id)}`;
    link.append(element('span', t('meeting.registerTo', meeting.title), 'visually-hidden'));
    item.append(link);
  } else {
    item.append(element('p', t('meeting.closed'), 'closed'));
  }
  return item;
};

const render = () => {
  if (!meetings) return;
  groups.replaceChildren();
  status.textContent = meetings.length === 0 ? t('index.empty') : t('index.count', meetings.length);
  const byGroup = new Map();
  for (const meeting of meetings) {
    const group = byGroup.get(meeting.focusGroup.id) ?? { name: meeting.focusGroup.name, meetings: [] };
    group.meetings.push(meeting);
    byGroup.set(meeting.focusGroup.id, group);
  }
  for (const [id, group] of byGroup) {
    const section = element('section', undefined, 'group');
    const heading = element('h2', group.name);
    heading.id = `group-${id}`;
    section.setAttribute('aria-labelledby', heading.id);
    const list = element('ul', undefined, 'meetings');
    for (const meeting of group.meetings) list.append(meetingItem(meeting));
    section.append(heading, list);
    groups.append(section);
  }
};

onLanguageChange(() => {
  if (meetings) render();
  else status.textContent = t(failed ? 'index.failed' : 'index.loading');
});
status.textContent = t('index.loading');

const { ok, body } = await get('/api/meetings');
if (ok) {
  meetings = body.meetings;
  render();
} else {
  failed = true;
  status.textContent = t('index.failed');
}
