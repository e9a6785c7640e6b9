// The cancellation page opened from the e-mail link: shows the meeting, asks to confirm, cancels on
// a click (never on load: mail scanners open links). A classic deferred script that loads the
// shared modules with import().
const start = async () => {
  const { get, param, post } = await import('/api.js');
  const { formatDays, onLanguageChange, t } = await import('/i18n.js');
  const token = param('token');
  const status = document.getElementById('status');
  const details = document.getElementById('details');
  const button = document.getElementById('confirm');
  const path = `/api/registrations/${encodeURIComponent(token)}`;
  // What the page shows, as keys, so a language switch can render it again.
  const state = { message: 'cancel.loading', standing: undefined, meeting: undefined };

  const render = () => {
    status.textContent = state.message ? t(state.message) : '';
    if (!state.meeting) return;
    document.getElementById('meeting-title').textContent = state.meeting.title;
    document.getElementById('meeting-when').textContent =
      `${formatDays(state.meeting.days)}, ${t('at', state.meeting.startTime, state.meeting.endTime)}`;
    document.getElementById('standing').textContent = t(`standing.${state.standing}`);
    button.hidden = state.standing === 'cancelled';
    details.hidden = false;
  };
  onLanguageChange(render);
  render();

  const shown = await get(path);
  if (!shown.ok) {
    state.message = 'cancel.badLink';
    return render();
  }
  state.meeting = shown.body.meeting;
  state.standing = shown.body.status;
  state.message = state.standing === 'cancelled' ? '' : 'cancel.ask';
  render();

  button.addEventListener('click', async () => {
    button.disabled = true;
    const response = await post(`${path}/cancel`);
    button.disabled = false;
    if (response.ok) {
      state.standing = 'cancelled';
      state.message = 'cancel.done';
      render();
      // The button is gone: keep keyboard focus on the outcome.
      status.tabIndex = -1;
      return status.focus();
    } else {
      state.message = response.body.error === 'MEETING_STARTED' ? 'cancel.started' : 'cancel.failed';
    }
    render();
  });
};

start().catch(() => {
  document.getElementById('status').textContent =
    'Något gick fel. Försök igen senare. / Something went wrong.';
});
