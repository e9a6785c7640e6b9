/**
 * Half-filled forms kept across a sign-in: before the app leaves for the provider, the fields of
 * every `form[data-draft]` go to sessionStorage under the form's id; the form takes them back once.
 */
const KEY = 'admin.drafts';

type Drafts = Record<string, Record<string, string>>;

const read = (): Drafts => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Drafts;
  } catch {
    return {};
  }
};

export const saveDrafts = (root: ParentNode = document): void => {
  const drafts = read();
  for (const form of Array.from(root.querySelectorAll<HTMLFormElement>('form[data-draft]'))) {
    if (!form.id) continue;
    const fields: Record<string, string> = {};
    for (const element of Array.from(form.elements)) {
      if (
        (element instanceof HTMLInputElement && element.type !== 'password') ||
        element instanceof HTMLTextAreaElement ||
        element instanceof HTMLSelectElement
      ) {
        if (!element.name) continue;
        if (
          element instanceof HTMLInputElement &&
          (element.type === 'checkbox' || element.type === 'radio')
        ) {
          if (element.checked) fields[element.name] = element.value;
        } else fields[element.name] = element.value;
      }
    }
    drafts[form.id] = fields;
  }
  sessionStorage.setItem(KEY, JSON.stringify(drafts));
};

/** The saved fields of one form, removed as they are handed out. */
export const takeDraft = (formId: string): Record<string, string> | undefined => {
  const drafts = read();
  const draft = drafts[formId];
  if (!draft) return undefined;
  delete drafts[formId];
  sessionStorage.setItem(KEY, JSON.stringify(drafts));
  return draft;
};
