import { render } from 'preact';
import { App } from './app';
import { loadConfig } from './app-config';
import { createAuth } from './auth';
import { initialLanguage, rememberLanguage } from './language';

/** Reads the config, finishes a sign-in or sign-out coming back from the provider, then renders. */
const start = async () => {
  const language = initialLanguage();
  rememberLanguage(language);
  const auth = createAuth(await loadConfig());
  const outcome = await auth.completeSignIn();
  const user = outcome.user ?? (await auth.currentUser());
  const root = document.getElementById('app') as HTMLElement;
  root.replaceChildren();
  render(
    <App
      auth={auth}
      initialLanguage={language}
      {...(user ? { initialUser: user } : {})}
      {...(outcome.returnTo ? { initialView: outcome.returnTo } : {})}
      {...(outcome.failed
        ? { note: 'failed' as const }
        : outcome.signedOut
          ? { note: 'signed-out' as const }
          : {})}
    />,
    root,
  );
};

void start();
