import type { User } from 'oidc-client-ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api-client';
import type { Auth } from './auth';
import { CheckInView } from './check-in-view';
import { type Language, locale, rememberLanguage, textsFor } from './language';
import { rolesOf, viewsFor } from './roles';
import { SignedOutView } from './signed-out-view';
import { StartView } from './start-view';
import type { Texts } from './texts-sv';
import { type View, viewFromHash } from './view';

export interface AppProps {
  readonly auth: Auth;
  readonly initialUser?: User;
  readonly initialView?: View;
  readonly initialLanguage: Language;
  readonly note?: 'signed-out' | 'failed';
}

const NAV: ReadonlyArray<{ view: View; label: (texts: Texts) => string }> = [
  { view: 'start', label: (texts) => texts.navStart },
  { view: 'check-in', label: (texts) => texts.navCheckIn },
];

/** The frame: skip link, header with the language switch and sign-out, the user's sections, one view. */
export const App = ({ auth, initialUser, initialView, initialLanguage, note }: AppProps) => {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [user] = useState<User | undefined>(initialUser);
  const [hashView, setHashView] = useState<View | undefined>(
    initialView ?? viewFromHash(window.location.hash),
  );
  const texts = textsFor(language);
  const allowed = user ? viewsFor(rolesOf(user)) : [];
  const view = hashView && allowed.includes(hashView) ? hashView : allowed[0];

  useEffect(() => {
    const onHash = () => setHashView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    rememberLanguage(language);
    document.title = `${view ? NAV.find((item) => item.view === view)?.label(texts) : texts.title} – ${texts.network}`;
  }, [language, view, texts]);
  useEffect(() => {
    if (view && window.location.hash !== `#${view}`) window.history.replaceState(null, '', `#${view}`);
  }, [view]);

  const api = useMemo(
    () =>
      createApiClient({
        user: () => auth.storedUser(),
        onExpired: () => {
          void auth.expired(view);
        },
      }),
    [auth, view],
  );

  return (
    <>
      <a class="skip-link" href="#main">
        {texts.skip}
      </a>
      <header class="site-header">
        <span class="network">
          {texts.network} · {texts.title}
        </span>
        <button
          type="button"
          class="language-switch"
          lang={texts.switchLanguage}
          onClick={() => setLanguage(language === 'sv' ? 'en' : 'sv')}
        >
          {texts.switchTo}
        </button>
        {user && (
          <span class="account">
            <span class="signed-in-as">
              {texts.signedInAs} {user.profile.email ?? user.profile.name ?? ''}
            </span>
            <button type="button" onClick={() => void auth.signOut()}>
              {texts.signOut}
            </button>
          </span>
        )}
      </header>
      {user && allowed.length > 0 && (
        <nav aria-label={texts.navLabel}>
          <ul>
            {NAV.filter((item) => allowed.includes(item.view)).map((item) => (
              <li key={item.view}>
                <a href={`#${item.view}`} aria-current={item.view === view ? 'page' : undefined}>
                  {item.label(texts)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabindex={-1}>
        {!user ? (
          <SignedOutView texts={texts} note={note} onSignIn={() => void auth.signIn(hashView)} />
        ) : view === 'start' ? (
          <StartView api={api} texts={texts} locale={locale(language)} />
        ) : view === 'check-in' ? (
          <CheckInView texts={texts} />
        ) : (
          <>
            <h1>{texts.noAccessTitle}</h1>
            <p>{texts.noAccessIntro}</p>
          </>
        )}
      </main>
    </>
  );
};
