// Lists upcoming meetings from the public API. No inline script: the CSP forbids it.
const dateFormat = new Intl.DateTimeFormat('sv-SE', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const formatDay = (day) => dateFormat.format(new Date(`${day}T12:00:00Z`));

const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

const render = (meetings) => {
  const list = document.getElementById('meetings');
  const status = document.getElementById('status');
  list.replaceChildren();
  if (meetings.length === 0) {
    status.textContent = 'Inga kommande möten just nu.';
    return;
  }
  status.textContent = `${meetings.length} kommande möten`;
  for (const meeting of meetings) {
    const item = element('li', undefined, 'meeting');
    item.append(element('h2', meeting.title));
    item.append(element('p', meeting.focusGroup.name, 'group'));
    item.append(
      element(
        'p',
        `${meeting.days.map(formatDay).join(' och ')}, kl. ${meeting.startTime}–${meeting.endTime}`,
      ),
    );
    item.append(element('p', meeting.kind === 'physical' ? `Plats: ${meeting.venue}` : 'Digitalt möte'));
    item.append(
      element(
        'p',
        meeting.registrationOpen
          ? `${meeting.seatsLeft} av ${meeting.capacity} platser kvar`
          : 'Anmälan är stängd',
      ),
    );
    list.append(item);
  }
};

fetch('/api/meetings', { headers: { accept: 'application/json' } })
  .then((response) => {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  })
  .then((body) => render(body.meetings))
  .catch(() => {
    document.getElementById('status').textContent = 'Mötena kunde inte hämtas. Försök igen senare.';
  });
