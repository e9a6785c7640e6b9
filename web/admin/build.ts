import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The admin app's sources (this folder). */
export const ADMIN_SOURCE = dirname(fileURLToPath(import.meta.url));

/**
 * Builds the admin app in memory: `index.html`, `app.js` (Preact, oidc-client-ts and the app in
 * one minified ES module) and `app.css`, by file name. Synchronous, offline, a fraction of a
 * second: `npm start` and `cdk synth` build it on the spot, and nothing built is committed.
 */
export const buildAdminFiles = (): Map<string, Uint8Array> => {
  const result = buildSync({
    entryPoints: { app: join(ADMIN_SOURCE, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    outdir: '/',
    write: false,
    logLevel: 'warning',
  });
  const files = new Map<string, Uint8Array>();
  for (const output of result.outputFiles) files.set(basename(output.path), output.contents);
  for (const name of ['index.html', 'app.css']) files.set(name, readFileSync(join(ADMIN_SOURCE, name)));
  return files;
};

/** Writes the built app into `outdir` (the CDK app's upload source). */
export const writeAdminApp = (outdir: string): string => {
  mkdirSync(outdir, { recursive: true });
  for (const [name, contents] of buildAdminFiles()) writeFileSync(join(outdir, name), contents);
  return outdir;
};
