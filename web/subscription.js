// Confirms or ends a mailing-list subscription from the link in an e-mail, on a click (never on
// page load: mail scanners open links, and must not subscribe or unsubscribe anyone).
import { param, post } from './api.js';
import { onLanguageChange, t } from './i18n.js';

const action = document.body.dataset.action;
const token = param('token');
const status = document.getElementById('status');
const button = document.getElementById('go');
const DONE = { confirm: 'subscribe.done', unsubscribe: 'unsubscribe.done' };
let message = '';

const render = () => {
  status.textContent = message ? t(message) : '';
};
onLanguageChange(render);

button.addEventListener('click', async () => {
  button.disabled = true;
  const response = await post(`/api/subscriptions/${encodeURIComponent(token)}/${action}`);
  button.disabled = false;
  if (response.ok) {
    message = DONE[action];
    button.hidden = true;
    render();
    status.focus();
  } else {
    message = 'subscription.failed';
    render();
  }
});
