// Shared by every page: the Swedish and English texts, the language switch (kept in localStorage,
// sets <html lang>), and date formatting. Swedish is the default.
const STORAGE_KEY = 'language';

const TEXTS = {
  sv: {
    network: 'Kommunnätverket för hållbar utveckling',
    skip: 'Hoppa till innehållet',
    switchTo: 'In English',
    footerPrivacy: 'Så hanterar vi personuppgifter',
    footerAccessibility: 'Tillgänglighetsredogörelse',
    footerMeetings: 'Kommande möten',
    loadFailed: 'Något gick fel. Försök igen senare.',
    and: ' och ',
    at: (start, end) => `kl. ${start}–${end}`,
    // index
    'index.title': 'Kommande möten',
    'index.intro': 'Nätverksträffar och digitala möten för kommunernas tjänstepersoner i Västra Götaland.',
    'index.loading': 'Hämtar möten…',
    'index.empty': 'Inga kommande möten just nu. Titta gärna in igen senare.',
    'index.count': (n) => (n === 1 ? '1 kommande möte' : `${n} kommande möten`),
    'index.failed': 'Mötena kunde inte hämtas. Försök igen senare.',
    'meeting.when': 'När',
    'meeting.where': 'Var',
    'meeting.seats': 'Platser',
    'meeting.closes': 'Sista anmälningsdag',
    'meeting.digital': 'Digitalt möte (länk skickas med bekräftelsen)',
    'meeting.physical': 'Nätverksträff på plats',
    'meeting.seatsLeft': (left, total) => `${left} av ${total} platser kvar`,
    'meeting.full': 'Fullt – du kan ställa dig i kö',
    'meeting.closed': 'Anmälan är stängd',
    'meeting.more': 'Program och medverkande',
    'meeting.programme': 'Program',
    'meeting.speakers': 'Medverkande',
    'meeting.partners': 'Samarbetspartner',
    'meeting.register': 'Anmäl dig',
    'meeting.registerTo': (title) => ` till ${title}`,
    'meeting.queue': 'Ställ dig i kö',
    // register
    'register.title': 'Anmälan',
    'register.loading': 'Hämtar mötet…',
    'register.notFound': 'Mötet finns inte. Kontrollera länken eller välj ett möte i listan.',
    'register.closed': 'Anmälan till det här mötet är stängd.',
    'register.back': 'Till alla möten',
    'register.formHeading': 'Dina uppgifter',
    'register.required': 'Alla fält är obligatoriska om inget annat anges.',
    'register.full': 'Mötet är fullt. Anmäler du dig hamnar du i kö och får en plats om någon avbokar.',
    'field.name': 'Namn',
    'field.email': 'E-postadress',
    'field.emailHint': 'Hit skickar vi bekräftelsen och kalenderinbjudan.',
    'field.municipality': 'Kommun',
    'field.municipalityChoose': 'Välj kommun',
    'field.role': 'Roll',
    'role.environmental-strategist': 'Miljöstrateg',
    'role.sustainability-strategist': 'Hållbarhetsstrateg',
    'role.municipal-ecologist': 'Kommunekolog',
    'role.fairtrade-coordinator': 'Fairtrade-samordnare',
    'role.other': 'Annan roll',
    'field.language': 'Språk i e-post',
    'field.days': 'Vilka dagar kommer du?',
    'field.diet': 'Specialkost (frivilligt)',
    'field.dietHint': 'Till exempel vegetariskt eller allergier. Högst 500 tecken.',
    'field.consentBefore': 'Jag godkänner att mina uppgifter sparas enligt ',
    'field.consentLink': 'integritetsmeddelandet',
    'field.submit': 'Skicka anmälan',
    'field.sending': 'Skickar…',
    'errors.heading': 'Det finns fel i formuläret',
    'errors.problem': 'Anmälan gick inte igenom',
    'error.required.name': 'Skriv ditt namn.',
    'error.required.email': 'Skriv din e-postadress.',
    'error.invalid.email': 'Skriv en e-postadress i formatet namn@kommun.se.',
    'error.required.municipalityCode': 'Välj din kommun.',
    'error.required.role': 'Välj din roll.',
    'error.required.days': 'Välj minst en dag.',
    'error.required.consent': 'Du behöver godkänna att uppgifterna sparas för att kunna anmäla dig.',
    'error.tooLong': 'Texten är för lång.',
    'error.server': (message) => `Uppgiften godtogs inte (${message}).`,
    'error.ALREADY_REGISTERED': 'Du är redan anmäld till mötet med den här e-postadressen.',
    'error.REGISTRATION_CLOSED': 'Anmälan till mötet har stängt.',
    'error.NOT_A_MEMBER': 'Kommunen är inte medlem i nätverket. Kontakta nätverkets samordnare.',
    'error.MEETING_NOT_FOUND': 'Mötet finns inte längre.',
    'error.unknown': 'Anmälan gick inte att skicka. Försök igen om en stund.',
    'result.confirmed': 'Du har en plats på mötet',
    'result.waitlisted': 'Du står i kö till mötet',
    'result.confirmedText': 'Välkommen! Din anmälan är bekräftad.',
    'result.waitlistedText':
      'Mötet är fullt, så du står på väntelistan. Om någon avbokar får du platsen och ett nytt e-postmeddelande.',
    'result.nextHeading': 'Vad händer nu?',
    'result.nextConfirmed':
      'Ett e-postmeddelande med kalenderinbjudan och en länk för att avboka är på väg till dig.',
    'result.nextWaitlisted': 'Ett e-postmeddelande med din plats i kön och en länk för att avboka är på väg.',
    'result.ics': 'Ladda ner kalenderfilen (.ics)',
    // cancel
    'cancel.title': 'Avboka din plats',
    'cancel.loading': 'Hämtar din anmälan…',
    'cancel.badLink':
      'Länken fungerar inte. Den kan vara fel kopierad eller gälla en anmälan som inte finns längre.',
    'cancel.ask': 'Vill du avboka? Platsen går då till den som står först i kön.',
    'cancel.confirm': 'Ja, avboka',
    'cancel.done': 'Klart. Din anmälan är avbokad.',
    'cancel.started': 'Mötet har redan börjat och kan inte avbokas.',
    'cancel.failed': 'Avbokningen gick inte. Försök igen.',
    'standing.confirmed': 'Du har en plats på mötet.',
    'standing.waitlisted': 'Du står på väntelistan.',
    'standing.cancelled': 'Anmälan är redan avbokad.',
    // evaluate
    'evaluate.title': 'Utvärdera mötet',
    'evaluate.loading': 'Hämtar utvärderingen…',
    'evaluate.intro':
      'Två snabba frågor. Svaren sparas utan ditt namn och din e-postadress och används i nätverkets årsrapport.',
    'evaluate.badLink': 'Länken fungerar inte. Den kan vara fel kopierad.',
    'evaluate.comment': 'Kommentar (frivilligt)',
    'evaluate.commentHint': 'Vad var bra, vad kan bli bättre? Högst 2000 tecken.',
    'evaluate.submit': 'Skicka svar',
    'evaluate.thanks': 'Tack för ditt svar!',
    'evaluate.thanksText': 'Dina svar hjälper oss att planera kommande möten.',
    'evaluate.already': 'Du har redan svarat',
    'evaluate.alreadyText':
      'Utvärderingen av det här mötet är redan besvarad. Varje länk kan bara användas en gång.',
    'evaluate.notEnded': 'Mötet är inte slut än. Svara när det är över.',
    'evaluate.required': 'Välj ett värde mellan 1 och 6.',
    'evaluate.failed': 'Svaret gick inte att skicka. Försök igen om en stund.',
    'evaluate.scale': (min, minLabel, max, maxLabel) => `${min} = ${minLabel}, ${max} = ${maxLabel}`,
    // subscriptions
    'subscribe.title': 'Bekräfta prenumeration',
    'subscribe.go': 'Bekräfta',
    'subscribe.done': 'Klart. Du får nu utskick från gruppen.',
    'unsubscribe.title': 'Avsluta prenumeration',
    'unsubscribe.go': 'Avsluta',
    'unsubscribe.done': 'Klart. Adressen är borttagen och du får inga fler utskick.',
    'subscription.intro': 'Tryck på knappen för att fortsätta.',
    'subscription.failed': 'Länken fungerar inte. Den kan vara fel kopierad eller redan använd.',
    'privacy.title': 'Så hanterar vi personuppgifter',
    'accessibility.title': 'Tillgänglighetsredogörelse',
  },
  en: {
    network: 'Municipal Network for Sustainable Development',
    skip: 'Skip to content',
    switchTo: 'På svenska',
    footerPrivacy: 'How we handle personal data',
    footerAccessibility: 'Accessibility statement',
    footerMeetings: 'Upcoming meetings',
    loadFailed: 'Something went wrong. Please try again later.',
    and: ' and ',
    at: (start, end) => `${start}–${end}`,
    'index.title': 'Upcoming meetings',
    'index.intro': 'Network meetings on site and online for municipal officials in Västra Götaland.',
    'index.loading': 'Loading meetings…',
    'index.empty': 'No upcoming meetings right now. Please check again later.',
    'index.count': (n) => (n === 1 ? '1 upcoming meeting' : `${n} upcoming meetings`),
    'index.failed': 'The meetings could not be loaded. Please try again later.',
    'meeting.when': 'When',
    'meeting.where': 'Where',
    'meeting.seats': 'Seats',
    'meeting.closes': 'Registration closes',
    'meeting.digital': 'Online meeting (the link comes with the confirmation)',
    'meeting.physical': 'Network meeting on site',
    'meeting.seatsLeft': (left, total) => `${left} of ${total} seats left`,
    'meeting.full': 'Full – you can join the waiting list',
    'meeting.closed': 'Registration is closed',
    'meeting.more': 'Programme and contributors',
    'meeting.programme': 'Programme',
    'meeting.speakers': 'Speakers',
    'meeting.partners': 'Partners',
    'meeting.register': 'Register',
    'meeting.registerTo': (title) => ` for ${title}`,
    'meeting.queue': 'Join the waiting list',
    'register.title': 'Registration',
    'register.loading': 'Loading the meeting…',
    'register.notFound': 'There is no such meeting. Check the link or choose a meeting from the list.',
    'register.closed': 'Registration for this meeting is closed.',
    'register.back': 'All meetings',
    'register.formHeading': 'Your details',
    'register.required': 'All fields are required unless marked optional.',
    'register.full':
      'The meeting is full. If you register, you join the waiting list and get a seat if someone cancels.',
    'field.name': 'Name',
    'field.email': 'E-mail address',
    'field.emailHint': 'We send the confirmation and the calendar invitation here.',
    'field.municipality': 'Municipality',
    'field.municipalityChoose': 'Choose a municipality',
    'field.role': 'Role',
    'role.environmental-strategist': 'Environmental strategist',
    'role.sustainability-strategist': 'Sustainability strategist',
    'role.municipal-ecologist': 'Municipal ecologist',
    'role.fairtrade-coordinator': 'Fairtrade coordinator',
    'role.other': 'Other role',
    'field.language': 'Language of e-mails',
    'field.days': 'Which days will you attend?',
    'field.diet': 'Dietary needs (optional)',
    'field.dietHint': 'For example vegetarian or allergies. At most 500 characters.',
    'field.consentBefore': 'I agree that my details are stored as described in the ',
    'field.consentLink': 'privacy notice',
    'field.submit': 'Send registration',
    'field.sending': 'Sending…',
    'errors.heading': 'There is a problem with the form',
    'errors.problem': 'The registration did not go through',
    'error.required.name': 'Enter your name.',
    'error.required.email': 'Enter your e-mail address.',
    'error.invalid.email': 'Enter an e-mail address like name@municipality.se.',
    'error.required.municipalityCode': 'Choose your municipality.',
    'error.required.role': 'Choose your role.',
    'error.required.days': 'Choose at least one day.',
    'error.required.consent': 'You need to agree that your details are stored to register.',
    'error.tooLong': 'The text is too long.',
    'error.server': (message) => `This was not accepted (${message}).`,
    'error.ALREADY_REGISTERED': 'You are already registered for this meeting with this e-mail address.',
    'error.REGISTRATION_CLOSED': 'Registration for this meeting has closed.',
    'error.NOT_A_MEMBER': 'The municipality is not a member of the network. Please contact the coordinator.',
    'error.MEETING_NOT_FOUND': 'The meeting no longer exists.',
    'error.unknown': 'The registration could not be sent. Please try again in a moment.',
    'result.confirmed': 'You have a seat at the meeting',
    'result.waitlisted': 'You are on the waiting list',
    'result.confirmedText': 'Welcome! Your registration is confirmed.',
    'result.waitlistedText':
      'The meeting is full, so you are on the waiting list. If someone cancels, you get the seat and a new e-mail.',
    'result.nextHeading': 'What happens next?',
    'result.nextConfirmed':
      'An e-mail with the calendar invitation and a cancellation link is on its way to you.',
    'result.nextWaitlisted': 'An e-mail with your place in the queue and a cancellation link is on its way.',
    'result.ics': 'Download the calendar file (.ics)',
    'cancel.title': 'Cancel your seat',
    'cancel.loading': 'Loading your registration…',
    'cancel.badLink':
      'The link does not work. It may be copied wrongly or be for a registration that no longer exists.',
    'cancel.ask': 'Do you want to cancel? Your seat then goes to the first person in the queue.',
    'cancel.confirm': 'Yes, cancel',
    'cancel.done': 'Done. Your registration is cancelled.',
    'cancel.started': 'The meeting has already started and cannot be cancelled.',
    'cancel.failed': 'The cancellation did not go through. Please try again.',
    'standing.confirmed': 'You have a seat at the meeting.',
    'standing.waitlisted': 'You are on the waiting list.',
    'standing.cancelled': 'The registration is already cancelled.',
    'evaluate.title': 'Evaluate the meeting',
    'evaluate.loading': 'Loading the evaluation…',
    'evaluate.intro':
      'Two quick questions. The answers are stored without your name or e-mail address and used in the network’s annual report.',
    'evaluate.badLink': 'The link does not work. It may be copied wrongly.',
    'evaluate.comment': 'Comment (optional)',
    'evaluate.commentHint': 'What was good, what could be better? At most 2000 characters.',
    'evaluate.submit': 'Send answers',
    'evaluate.thanks': 'Thank you for your answers!',
    'evaluate.thanksText': 'Your answers help us plan future meetings.',
    'evaluate.already': 'You have already answered',
    'evaluate.alreadyText': 'The evaluation of this meeting is already answered. Each link can be used once.',
    'evaluate.notEnded': 'The meeting has not ended yet. Please answer when it is over.',
    'evaluate.required': 'Choose a value from 1 to 6.',
    'evaluate.failed': 'The answers could not be sent. Please try again in a moment.',
    'evaluate.scale': (min, minLabel, max, maxLabel) => `${min} = ${minLabel}, ${max} = ${maxLabel}`,
    'subscribe.title': 'Confirm subscription',
    'subscribe.go': 'Confirm',
    'subscribe.done': 'Done. You will now receive the group’s mailings.',
    'unsubscribe.title': 'Unsubscribe',
    'unsubscribe.go': 'Unsubscribe',
    'unsubscribe.done': 'Done. The address is deleted and you will receive no more mailings.',
    'subscription.intro': 'Press the button to continue.',
    'subscription.failed': 'The link does not work. It may be copied wrongly or already used.',
    'privacy.title': 'How we handle personal data',
    'accessibility.title': 'Accessibility statement',
  },
};

const stored = () => {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
};

let current = stored() === 'en' ? 'en' : 'sv';
const listeners = [];

export const language = () => current;
export const locale = () => (current === 'en' ? 'en-GB' : 'sv-SE');

/** The text of `key` in the current language; functions get `args`. */
export const t = (key, ...args) => {
  const entry = TEXTS[current][key] ?? TEXTS.sv[key] ?? key;
  return typeof entry === 'function' ? entry(...args) : entry;
};

/** A Stockholm calendar date (YYYY-MM-DD) as a date, never as an instant: no time-zone shift. */
export const formatDay = (day) => {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, date, 12)));
};

export const formatDays = (days) => days.map(formatDay).join(t('and'));

/** An instant, shown as Stockholm wall-clock time. */
export const formatInstant = (iso) =>
  new Intl.DateTimeFormat(locale(), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(iso));

/** Re-renders the static texts (`data-i18n`), the title, the language blocks and the switch. */
const apply = () => {
  document.documentElement.lang = current;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const block of document.querySelectorAll('[data-lang]')) block.hidden = block.dataset.lang !== current;
  const titleKey = document.body.dataset.title;
  if (titleKey) document.title = `${t(titleKey)} – ${t('network')}`;
  for (const button of document.querySelectorAll('[data-language-switch]')) {
    button.lang = current === 'en' ? 'sv' : 'en';
  }
};

/** Runs `render` now and after every language switch. */
export const onLanguageChange = (render) => {
  listeners.push(render);
};

export const setLanguage = (next) => {
  current = next === 'en' ? 'en' : 'sv';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // private mode: the choice lasts for this page only
  }
  apply();
  for (const render of listeners) render();
};

for (const button of document.querySelectorAll('[data-language-switch]')) {
  button.addEventListener('click', () => setLanguage(current === 'en' ? 'sv' : 'en'));
}
apply();
