// The cancellation page opened from the e-mail link: shows the meeting, asks to confirm.
const token = new URLSearchParams(window.location.search).get('token') ?? '';
const status = document.getElementById('status');
const details = document.getElementById('details');
const button = document.getElementById('confirm');
const dateFormat = new Intl.DateTimeFormat('sv-SE', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const STANDING = {
  confirmed: 'Du har en plats på mötet.',
  waitlisted: 'Du står på väntelistan.',
  cancelled: 'Anmälan är redan avbokad.',
};

const api = (method) =>
  fetch(`/api/registrations/${encodeURIComponent(token)}${method === 'POST' ? '/cancel' : ''}`, {
    method,
    headers: { accept: 'application/json' },
  });

const show = async () => {
  const response = await api('GET');
  if (!response.ok) {
    status.textContent =
      'Länken fungerar inte. Den kan vara fel kopierad eller gälla en anmälan som inte finns längre.';
    return;
  }
  const { status: standing, meeting } = await response.json();
  document.getElementById('meeting-title').textContent = meeting.title;
  document.getElementById('meeting-when').textContent =
    `${meeting.days.map((day) => dateFormat.format(new Date(`${day}T12:00:00Z`))).join(' och ')}, kl. ${meeting.startTime}–${meeting.endTime}`;
  document.getElementById('standing').textContent = STANDING[standing] ?? '';
  button.hidden = standing === 'cancelled';
  details.hidden = false;
  status.textContent =
    standing === 'cancelled' ? '' : 'Vill du avboka? Platsen går då till den som står först i kön.';
};

button.addEventListener('click', async () => {
  button.disabled = true;
  const response = await api('POST');
  if (response.ok) {
    status.textContent = 'Klart. Din anmälan är avbokad.';
    button.hidden = true;
    document.getElementById('standing').textContent = STANDING.cancelled;
  } else {
    const body = await response.json().catch(() => ({}));
    status.textContent =
      body.error === 'MEETING_STARTED'
        ? 'Mötet har redan börjat och kan inte avbokas.'
        : 'Avbokningen gick inte. Försök igen.';
    button.disabled = false;
  }
});

show().catch(() => {
  status.textContent = 'Något gick fel. Försök igen senare.';
});
