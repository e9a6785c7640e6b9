import { en } from './texts-en';
import { sv, type Texts } from './texts-sv';

export type Language = 'sv' | 'en';

/** Kept for the tab only (sessionStorage), as the issue asks: nothing of the admin in localStorage. */
const KEY = 'admin.language';

const DICTIONARIES: Record<Language, Texts> = { sv, en };

/** `?lang=en` wins (a shared link), then the tab's earlier choice, then Swedish. */
export const initialLanguage = (): Language => {
  const asked = new URLSearchParams(window.location.search).get('lang');
  const chosen = asked ?? sessionStorage.getItem(KEY);
  return chosen === 'en' ? 'en' : 'sv';
};

export const rememberLanguage = (language: Language): void => {
  sessionStorage.setItem(KEY, language);
  document.documentElement.lang = language;
};

export const textsFor = (language: Language): Texts => DICTIONARIES[language];

export const locale = (language: Language): string => (language === 'sv' ? 'sv-SE' : 'en-GB');
