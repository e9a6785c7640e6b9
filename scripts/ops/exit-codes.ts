/** The exit codes of `npm run ops`: what a script calling it can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
