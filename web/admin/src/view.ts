/** The views of the app, by the URL's hash (`#start`, `#check-in`). */
export type View = 'start' | 'check-in';

const VIEWS: readonly View[] = ['start', 'check-in'];

export const viewFromHash = (hash: string): View | undefined => {
  const name = hash.replace(/^#/, '');
  return VIEWS.find((view) => view === name);
};
