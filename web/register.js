// The registration form of one meeting, and the result (confirmed or waiting) with a calendar file.
import { element, get, param, post } from './api.js';
import { formatDay, formatDays, formatInstant, language, onLanguageChange, t } from './i18n.js';

const meetingId = param('meeting');
const $ = (id) => document.getElementById(id);
const form = $('form');
const status = $('status');
const summary = $('error-summary');
let meeting;
let result;
/** What the summary shows: field errors `{ field, text }` or one problem (a code); kept to re-render. */
let errors = { fields: [], problem: undefined };

const FIELD_FOCUS = {
  name: 'name',
  email: 'email',
  municipalityCode: 'municipalityCode',
  role: 'role-environmental-strategist',
  days: 'day-0',
  dietaryNeeds: 'dietaryNeeds',
  consent: 'consent',
};
/** The message shown for a server issue on a field whose rule the page knows. */
const SERVER_MESSAGE = {
  email: () => t('error.invalid.email'),
  municipalityCode: () => t('error.required.municipalityCode'),
  role: () => t('error.required.role'),
  days: () => t('error.required.days'),
  consent: () => t('error.required.consent'),
};

const fact = (list, term, description) => list.append(element('dt', term), element('dd', description));

const renderMeeting = () => {
  $('heading').textContent = meeting.title;
  const facts = $('facts');
  facts.replaceChildren();
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
  fact(
    facts,
    t('meeting.seats'),
    meeting.seatsLeft <= 0 ? t('meeting.full') : t('meeting.seatsLeft', meeting.seatsLeft, meeting.capacity),
  );
  if (meeting.registrationOpen) fact(facts, t('meeting.closes'), formatInstant(meeting.registrationClosesAt));
  if (meeting.programme) fact(facts, t('meeting.programme'), meeting.programme);
  if (meeting.speakers?.length) fact(facts, t('meeting.speakers'), meeting.speakers.join(', '));
  if (meeting.partners?.length) fact(facts, t('meeting.partners'), meeting.partners.join(', '));
  facts.hidden = false;
  document.title = `${meeting.title} – ${t('register.title')} – ${t('network')}`;
  for (const [i, day] of meeting.days.entries()) {
    const label = document.querySelector(`label[for="day-${i}"]`);
    if (label) label.textContent = formatDay(day);
  }
};

const buildDayChoices = () => {
  const choices = $('day-choices');
  for (const [i, day] of meeting.days.entries()) {
    const wrap = element('div', undefined, 'choice');
    const input = element('input');
    Object.assign(input, { type: 'checkbox', id: `day-${i}`, name: 'days', value: day, checked: true });
    const label = element('label', formatDay(day));
    label.htmlFor = input.id;
    wrap.append(input, label);
    choices.append(wrap);
  }
};

const loadMunicipalities = async () => {
  const { ok, body } = await get('/municipalities.json');
  if (!ok) return;
  const select = $('municipalityCode');
  for (const { code, name } of body.municipalities) {
    const option = element('option', name);
    option.value = code;
    select.append(option);
  }
};

// ---- errors ----

const clearFieldErrors = () => {
  for (const node of form.querySelectorAll('.field-error')) {
    node.hidden = true;
    node.textContent = '';
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('[data-described]')) {
    node.setAttribute('aria-describedby', node.dataset.described);
    if (!node.dataset.described) node.removeAttribute('aria-describedby');
    delete node.dataset.described;
  }
};

const describeBy = (node, errorId) => {
  if (node.dataset.described === undefined)
    node.dataset.described = node.getAttribute('aria-describedby') ?? '';
  node.setAttribute('aria-describedby', `${node.dataset.described} ${errorId}`.trim());
};

const markField = (field, text) => {
  const errorNode = $(`${field}-error`);
  if (!errorNode) return;
  errorNode.textContent = text;
  errorNode.hidden = false;
  const group = form.querySelector(`[data-field="${field}"]`);
  const inputs = group.querySelectorAll('input, select, textarea');
  for (const input of inputs) input.setAttribute('aria-invalid', 'true');
  if (group.tagName === 'FIELDSET') describeBy(group, errorNode.id);
  else for (const input of inputs) describeBy(input, errorNode.id);
};

const renderErrors = (moveFocus) => {
  clearFieldErrors();
  const { fields, problem } = errors;
  if (fields.length === 0 && !problem) {
    summary.hidden = true;
    return;
  }
  $('error-heading').textContent = problem ? t('errors.problem') : t('errors.heading');
  $('error-message').hidden = !problem;
  $('error-message').textContent = problem ? t(`error.${problem}`) : '';
  const list = $('error-list');
  list.replaceChildren();
  for (const { field, text } of fields) {
    const message = typeof text === 'function' ? text() : text;
    markField(field, message);
    const link = element('a', message);
    link.href = `#${FIELD_FOCUS[field] ?? 'form'}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      $(FIELD_FOCUS[field] ?? 'name')?.focus();
    });
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  summary.hidden = false;
  if (moveFocus) summary.focus();
};

const clientErrors = () => {
  const fields = [];
  const need = (field, key) => fields.push({ field, text: () => t(key) });
  if ($('name').value.trim() === '') need('name', 'error.required.name');
  const email = $('email');
  if (email.value.trim() === '') need('email', 'error.required.email');
  else if (email.validity.typeMismatch) need('email', 'error.invalid.email');
  if ($('municipalityCode').value === '') need('municipalityCode', 'error.required.municipalityCode');
  if (!form.querySelector('input[name="role"]:checked')) need('role', 'error.required.role');
  if (meeting.days.length > 1 && !form.querySelector('input[name="days"]:checked'))
    need('days', 'error.required.days');
  if (!$('consent').checked) need('consent', 'error.required.consent');
  return fields;
};

// ---- the calendar file ----

const icsText = (value) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
/** Folds a content line at 75 octets (RFC 5545 §3.1). */
const fold = (line) => {
  const encoder = new TextEncoder();
  const parts = [];
  let current = '';
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (encoder.encode(current + char).length > limit) {
      parts.push(current);
      current = char;
    } else current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
};
const local = (day, time) => `${day.replace(/-/g, '')}T${time.replace(':', '')}00`;
const nextDay = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const STOCKHOLM = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Stockholm',
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

/** The meeting as an iCalendar file: Europe/Stockholm times, one UID per meeting, METHOD:PUBLISH. */
export const calendarFile = (m, days, now = new Date()) => {
  const [first, ...rest] = days;
  const consecutive = rest.every((day, i) => day === nextDay(days[i]));
  const place = m.kind === 'physical' ? m.venue : m.onlineUrl;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kommunnatverket//Moten//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...STOCKHOLM,
    'BEGIN:VEVENT',
    `UID:${m.id}@kommunnatverket`,
    `DTSTAMP:${now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')}`,
    `DTSTART;TZID=Europe/Stockholm:${local(first, m.startTime)}`,
    `DTEND;TZID=Europe/Stockholm:${local(first, m.endTime)}`,
    ...(rest.length === 0
      ? []
      : consecutive
        ? [`RRULE:FREQ=DAILY;COUNT=${days.length}`]
        : [`RDATE;TZID=Europe/Stockholm:${rest.map((day) => local(day, m.startTime)).join(',')}`]),
    `SUMMARY:${icsText(m.title)}`,
    ...(place ? [`LOCATION:${icsText(place)}`] : []),
    ...(m.onlineUrl ? [`URL:${m.onlineUrl}`] : []),
    `DESCRIPTION:${icsText(`${m.focusGroup.name}. ${m.programme ?? ''}`.trim())}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
};

// ---- result ----

const renderResult = (moveFocus) => {
  const confirmed = result.status === 'confirmed';
  $('result-heading').textContent = confirmed ? t('result.confirmed') : t('result.waitlisted');
  $('result-text').textContent = confirmed ? t('result.confirmedText') : t('result.waitlistedText');
  $('result-next').textContent = confirmed ? t('result.nextConfirmed') : t('result.nextWaitlisted');
  $('ics-wrap').hidden = !confirmed;
  if (confirmed && !$('ics').download) {
    const blob = new Blob([calendarFile(meeting, result.days)], { type: 'text/calendar;charset=utf-8' });
    $('ics').href = URL.createObjectURL(blob);
    $('ics').download = `kommunnatverket-${meeting.id}.ics`;
  }
  $('result').hidden = false;
  document.title = `${$('result-heading').textContent} – ${t('network')}`;
  if (moveFocus) $('result-heading').focus();
};

// ---- submit ----

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errors = { fields: clientErrors(), problem: undefined };
  if (errors.fields.length > 0) return renderErrors(true);
  const chosenDays =
    meeting.days.length > 1
      ? [...form.querySelectorAll('input[name="days"]:checked')].map((input) => input.value)
      : undefined;
  const diet = $('dietaryNeeds').value.trim();
  const body = {
    name: $('name').value.trim(),
    email: $('email').value.trim(),
    municipalityCode: $('municipalityCode').value,
    role: form.querySelector('input[name="role"]:checked').value,
    consent: true,
    language: form.querySelector('input[name="language"]:checked')?.value ?? language(),
    ...(chosenDays ? { days: chosenDays } : {}),
    ...(meeting.kind === 'physical' && diet ? { dietaryNeeds: diet } : {}),
  };
  const button = $('submit');
  button.disabled = true;
  button.textContent = t('field.sending');
  const response = await post(`/api/meetings/${encodeURIComponent(meeting.id)}/registrations`, body);
  button.disabled = false;
  button.textContent = t('field.submit');
  if (response.status === 201) {
    result = { status: response.body.status, days: chosenDays ?? meeting.days };
    errors = { fields: [], problem: undefined };
    renderErrors(false);
    form.hidden = true;
    return renderResult(true);
  }
  const { error, issues } = response.body ?? {};
  if (response.status === 400 && Array.isArray(issues) && issues.length > 0) {
    const fields = [];
    for (const issue of issues) {
      const field = String(issue.path ?? '').split(/[.[]/)[0];
      if (fields.some((known) => known.field === field)) continue;
      const known = SERVER_MESSAGE[field];
      fields.push({
        field: FIELD_FOCUS[field] ? field : 'name',
        text: known ?? (() => t('error.server', issue.message)),
      });
    }
    errors = { fields, problem: undefined };
  } else {
    const code = ['ALREADY_REGISTERED', 'REGISTRATION_CLOSED', 'NOT_A_MEMBER', 'MEETING_NOT_FOUND'].includes(
      error,
    )
      ? error
      : 'unknown';
    errors = { fields: [], problem: code };
  }
  renderErrors(true);
});

onLanguageChange(() => {
  if (!meeting) return;
  renderMeeting();
  if (result) renderResult(false);
  else renderErrors(false);
  if (!meeting.registrationOpen) status.textContent = t('register.closed');
});

// ---- start ----

status.textContent = t('register.loading');
const [loaded] = await Promise.all([
  meetingId ? get(`/api/meetings/${encodeURIComponent(meetingId)}`) : Promise.resolve({ ok: false }),
  loadMunicipalities(),
]);
if (!loaded.ok) {
  status.textContent = loaded.status === 404 || !meetingId ? t('register.notFound') : t('loadFailed');
} else {
  meeting = loaded.body;
  status.textContent = '';
  if (meeting.days.length > 1) {
    buildDayChoices();
    $('days').hidden = false;
  }
  $('diet-field').hidden = meeting.kind !== 'physical';
  $(`language-${language()}`).checked = true;
  $('full-note').hidden = meeting.seatsLeft > 0;
  renderMeeting();
  if (meeting.registrationOpen) form.hidden = false;
  else status.textContent = t('register.closed');
}
