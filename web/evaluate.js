// The evaluation from an attendee's link: two 1–6 questions and an optional comment, answered once.
import { element, get, param, post } from './api.js';
import { formatDays, language, onLanguageChange, t } from './i18n.js';

const token = param('token');
const path = `/api/evaluations/${encodeURIComponent(token)}`;
const $ = (id) => document.getElementById(id);
const form = $('form');
let evaluation;
/** 'form' | 'thanks' | 'already' | a status message key; what the page shows. */
let view = 'loading';
let missing = [];

const text = (value) => value?.[language()] ?? value?.sv ?? '';

const buildQuestions = () => {
  const container = $('questions');
  for (const question of evaluation.questions) {
    const fieldset = element('fieldset', undefined, 'field');
    fieldset.id = `q-${question.id}`;
    fieldset.dataset.field = question.id;
    const legend = element('legend');
    legend.id = `${question.id}-legend`;
    const hint = element('p', undefined, 'hint');
    hint.id = `${question.id}-hint`;
    const error = element('p', undefined, 'field-error');
    error.id = `${question.id}-error`;
    error.hidden = true;
    fieldset.setAttribute('aria-describedby', hint.id);
    const scale = element('div', undefined, 'scale');
    for (let value = question.scale.min; value <= question.scale.max; value++) {
      const choice = element('div', undefined, 'choice');
      const input = element('input');
      Object.assign(input, {
        type: 'radio',
        name: question.id,
        value: String(value),
        id: `${question.id}-${value}`,
      });
      if (value === question.scale.min) input.required = true;
      const label = element('label');
      label.htmlFor = input.id;
      label.dataset.value = String(value);
      choice.append(input, label);
      scale.append(choice);
    }
    fieldset.append(legend, hint, error, scale);
    container.append(fieldset);
  }
};

const renderQuestions = () => {
  for (const question of evaluation.questions) {
    const { min, max, minLabel, maxLabel } = question.scale;
    $(`${question.id}-legend`).textContent = text(question.text);
    $(`${question.id}-hint`).textContent = t('evaluate.scale', min, text(minLabel), max, text(maxLabel));
    for (let value = min; value <= max; value++) {
      const label = document.querySelector(`label[for="${question.id}-${value}"]`);
      label.textContent =
        value === min
          ? `${value} ${text(minLabel)}`
          : value === max
            ? `${value} ${text(maxLabel)}`
            : String(value);
    }
    const error = $(`${question.id}-error`);
    const invalid = missing.includes(question.id);
    error.hidden = !invalid;
    error.textContent = invalid ? t('evaluate.required') : '';
    $(`q-${question.id}`).setAttribute(
      'aria-describedby',
      invalid ? `${question.id}-hint ${error.id}` : `${question.id}-hint`,
    );
    for (const input of form.querySelectorAll(`input[name="${question.id}"]`)) {
      if (invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
  const summary = $('error-summary');
  summary.hidden = missing.length === 0;
  $('error-heading').textContent = t('errors.heading');
  const list = $('error-list');
  list.replaceChildren();
  for (const id of missing) {
    const question = evaluation.questions.find((q) => q.id === id);
    const link = element('a', `${text(question.text)} ${t('evaluate.required')}`);
    link.href = `#${id}-1`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      $(`${id}-1`).focus();
    });
    const item = element('li');
    item.append(link);
    list.append(item);
  }
};

const render = (moveFocus = false) => {
  const status = $('status');
  status.textContent = ['loading', 'badLink', 'notEnded', 'failed'].includes(view)
    ? t(`evaluate.${view}`)
    : '';
  if (evaluation) {
    $('meeting').textContent = `${evaluation.meeting.title}, ${formatDays(evaluation.meeting.days)}`;
    $('meeting').hidden = false;
    renderQuestions();
  }
  form.hidden = !(view === 'form' || view === 'failed' || view === 'notEnded');
  const done = view === 'thanks' || view === 'already';
  $('done').hidden = !done;
  if (done) {
    $('error-summary').hidden = true;
    $('done-heading').textContent = t(view === 'thanks' ? 'evaluate.thanks' : 'evaluate.already');
    $('done-text').textContent = t(view === 'thanks' ? 'evaluate.thanksText' : 'evaluate.alreadyText');
    if (moveFocus) $('done-heading').focus();
  }
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (id) => form.querySelector(`input[name="${id}"]:checked`)?.value;
  missing = evaluation.questions.map((q) => q.id).filter((id) => !value(id));
  if (missing.length > 0) {
    render();
    $('error-summary').focus();
    return;
  }
  const comment = $('comment').value.trim();
  $('submit').disabled = true;
  const response = await post(path, {
    satisfaction: Number(value('satisfaction')),
    usefulness: Number(value('usefulness')),
    ...(comment ? { comment } : {}),
  });
  $('submit').disabled = false;
  if (response.status === 201) view = 'thanks';
  else if (response.body.error === 'ALREADY_ANSWERED') view = 'already';
  else if (response.body.error === 'MEETING_NOT_ENDED') view = 'notEnded';
  else view = 'failed';
  render(true);
  if (view === 'failed' || view === 'notEnded') $('status').focus();
});

onLanguageChange(() => render());
render();

const loaded = token ? await get(path) : { ok: false };
if (!loaded.ok) {
  view = 'badLink';
} else {
  evaluation = loaded.body;
  buildQuestions();
  view = evaluation.answered ? 'already' : 'form';
}
render();
