// Confirms or ends a mailing-list subscription from the link in an e-mail, on a click (never on
// page load: mail scanners open links, and must not subscribe or unsubscribe anyone).
const action = document.body.dataset.action;
const token = new URLSearchParams(window.location.search).get('token') ?? '';
const status = document.getElementById('status');
const button = document.getElementById('go');
const DONE = {
  confirm: 'Klart. Du får nu utskick från gruppen.',
  unsubscribe: 'Klart. Adressen är borttagen och du får inga fler utskick.',
};

button.addEventListener('click', async () => {
  button.disabled = true;
  const response = await fetch(`/api/subscriptions/${encodeURIComponent(token)}/${action}`, {
    method: 'POST',
    headers: { accept: 'application/json' },
  }).catch(() => undefined);
  if (response?.ok) {
    status.textContent = DONE[action];
    button.hidden = true;
  } else {
    status.textContent = 'Länken fungerar inte. Den kan vara fel kopierad eller redan använd.';
    button.disabled = false;
  }
});
