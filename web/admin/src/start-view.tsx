import { useEffect, useState } from 'preact/hooks';
import { type ApiClient, SessionExpiredError } from './api-client';
import { takeDraft } from './drafts';
import { formatDateTime, formatDay } from './format';
import type { Meeting } from './meeting';
import { meetingsByDay } from './meeting';
import type { Texts } from './texts-sv';

const FORM_ID = 'meeting-search';

type Load = { state: 'loading' } | { state: 'failed' } | { state: 'loaded'; meetings: readonly Meeting[] };

/**
 * The secretariat's start page: every day a meeting is held on, with its meetings' seats taken
 * and left. The search is a form with `data-draft`: what is typed in survives a new sign-in.
 */
export const StartView = ({ api, texts, locale }: { api: ApiClient; texts: Texts; locale: string }) => {
  const [query, setQuery] = useState(() => takeDraft(FORM_ID)?.query ?? '');
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = () => {
    setLoad({ state: 'loading' });
    api
      .get<{ meetings: Meeting[] }>('/api/meetings')
      .then((body) => setLoad({ state: 'loaded', meetings: body.meetings }))
      .catch((error: unknown) => {
        // Expired: the app is on its way to the provider; nothing to show.
        if (!(error instanceof SessionExpiredError)) setLoad({ state: 'failed' });
      });
  };
  // Loads once, on arrival; the button loads again.
  useEffect(refresh, []);

  const needle = query.trim().toLocaleLowerCase(locale);
  const shown =
    load.state === 'loaded'
      ? load.meetings.filter((meeting) => meeting.title.toLocaleLowerCase(locale).includes(needle))
      : [];
  const days = meetingsByDay(shown);

  return (
    <>
      <h1>{texts.startTitle}</h1>
      <p>{texts.startIntro}</p>
      <form
        id={FORM_ID}
        data-draft=""
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          refresh();
        }}
      >
        <label for="meeting-query">{texts.search}</label>
        <input
          id="meeting-query"
          name="query"
          type="search"
          aria-describedby="meeting-query-hint"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <span id="meeting-query-hint" class="hint">
          {texts.searchHint}
        </span>
        <button type="submit">{texts.refresh}</button>
      </form>
      <p role="status" class="status">
        {load.state === 'loading'
          ? texts.loading
          : load.state === 'failed'
            ? texts.loadFailed
            : load.meetings.length === 0
              ? texts.noMeetings
              : shown.length === 0
                ? texts.noMatches
                : texts.meetingCount(shown.length)}
      </p>
      {days.map(({ day, meetings }) => (
        <section key={day} aria-labelledby={`day-${day}`} class="day">
          <h2 id={`day-${day}`}>{formatDay(day, locale)}</h2>
          <ul class="meetings">
            {meetings.map((meeting) => (
              <li key={meeting.id} class="meeting">
                <h3>{meeting.title}</h3>
                <p class="where">
                  {meeting.startTime}–{meeting.endTime} ·{' '}
                  {meeting.kind === 'digital' ? texts.digital : (meeting.venue ?? '')}
                </p>
                <dl class="seats">
                  <div>
                    <dt>{texts.capacity}</dt>
                    <dd>{meeting.capacity}</dd>
                  </div>
                  <div>
                    <dt>{texts.seatsTaken}</dt>
                    <dd>{meeting.capacity - meeting.seatsLeft}</dd>
                  </div>
                  <div>
                    <dt>{texts.seatsLeft}</dt>
                    <dd>{meeting.seatsLeft}</dd>
                  </div>
                </dl>
                <p class="closes">
                  {meeting.registrationOpen
                    ? `${texts.registrationCloses} ${formatDateTime(meeting.registrationClosesAt, locale)}`
                    : texts.registrationClosed}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
};
