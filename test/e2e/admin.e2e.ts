import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { LocalCloud } from '../../local/local-cloud';
import type { LocalAccount } from '../../local/local-oidc';
import { because } from '../fixtures/because';
import { startTestCloud } from '../fixtures/local-cloud';
import { poll } from '../fixtures/poll';

// The callbacks of page.evaluate run in the browser: the few browser globals they use, typed here
// (the project's tsconfig has no DOM lib).
interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
}
declare const document: {
  documentElement: { lang: string; scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): { length: number };
};
declare const window: { axe?: { run(context: unknown, options: unknown): Promise<AxeResult> } };
declare const sessionStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  length: number;
  key(index: number): string | null;
};
declare const localStorage: { length: number };

/**
 * The admin app (web/admin) in headless Chromium against the whole local cloud: sign-in through
 * the local OpenID provider's own form, the start page, the language switch, an expired session
 * that goes back through sign-in and keeps a half-filled form, sign-out, and the check-in desk's
 * narrower view; axe-core (WCAG 2.1 A/AA), one h1 and no sideways scrolling at 390 and 1280 px in
 * every state, no console errors, a screenshot of each.
 */
const root = join(import.meta.dirname, '..', '..');
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const runId = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d{3}/, '');
const artifacts = join(root, 'e2e-artifacts', runId);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let cloud: LocalCloud;
let browser: Browser;
let secretariat: LocalAccount;
let checkIn: LocalAccount;
const axeResults: Array<{ state: string; width: number; violations: string[] }> = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ schedulerPollMs: 0 });
  const accounts = cloud.signIn.accounts;
  secretariat = accounts.find((account) => account.groups.includes('secretariat')) as LocalAccount;
  checkIn = accounts.find((account) => account.groups.join() === 'check-in') as LocalAccount;
  mkdirSync(artifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  writeFileSync(
    join(artifacts, 'admin-axe-results.json'),
    `${JSON.stringify({ axeResults, pageErrors }, null, 2)}\n`,
  );
});

const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return { context, page };
};

/** axe-core (WCAG 2.1 A/AA), one h1, no sideways scrolling, and a screenshot, at phone and desktop width. */
const check = async (page: Page, state: string) => {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (window.axe as NonNullable<typeof window.axe>).run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
      );
    });
    axeResults.push({ state, width: viewport.width, violations });
    because(`axe: ${state} @${viewport.width}`, () => expect(violations).toEqual([]));
    const layout = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    because(`one h1: ${state} @${viewport.width}`, () => expect(layout.h1).toBe(1));
    because(`no sideways scrolling: ${state} @${viewport.width}`, () =>
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth),
    );
    await page.screenshot({
      path: join(artifacts, `admin-${state}-${viewport.width === PHONE.width ? 'phone' : 'desktop'}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(PHONE);
};

/** The token runs out: oidc-client-ts keeps its expiry as `expires_at` (seconds) with the user. */
const expireToken = (page: Page) =>
  page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) as string;
      if (!key.startsWith('oidc.user:')) continue;
      const user = JSON.parse(sessionStorage.getItem(key) as string) as { expires_at: number };
      user.expires_at = Math.floor(Date.now() / 1000) - 60;
      sessionStorage.setItem(key, JSON.stringify(user));
    }
  });

const adminUrl = () => `${cloud.apiUrl}/admin/`;

/** Through the provider's own form, as a person would. */
const fillProviderForm = async (page: Page, account: LocalAccount) => {
  await page.waitForURL((url) => url.origin === new URL(cloud.signIn.issuer).origin);
  await page.getByLabel('Användarnamn (e-postadress)').fill(account.username);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
};

const signIn = async (page: Page, account: LocalAccount) => {
  await page.goto(adminUrl());
  await page.getByRole('button', { name: 'Logga in' }).click();
  await fillProviderForm(page, account);
  await page.waitForURL((url) => url.origin === new URL(cloud.apiUrl).origin && url.search === '');
};

describe('the admin app', () => {
  it('signs the secretariat in through the local provider and shows the upcoming meetings with their seats', async () => {
    // Arrange
    const { context, page } = await newPage();
    const firstLoad = new Map<string, number>();
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (!/^\/admin\/(|app\.js|app\.css)$/.test(url.pathname) || firstLoad.has(url.pathname)) return;
      firstLoad.set(url.pathname, gzipSync(await response.body(), { level: 9 }).length);
    });
    await page.goto(adminUrl());
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await check(page, 'signed-out');
    const gzipped = [...firstLoad.values()].reduce((sum, size) => sum + size, 0);
    console.log(
      `admin first load, gzipped: ${(gzipped / 1024).toFixed(1)} KB (${JSON.stringify([...firstLoad])})`,
    );

    // Act
    await page.getByRole('button', { name: 'Logga in' }).click();
    await fillProviderForm(page, secretariat);

    // Assert: back on /admin/ with the URL cleaned, on the start page
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('#start');
    await page.locator('.meeting').first().waitFor();
    expect(await page.getByText(/^\d+ möten?$/).textContent()).toMatch(/möte/);
    await expect(page.locator('.seats').first().textContent()).resolves.toMatch(/Bokade\d+Kvar\d+/);
    await expect(page.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual([
      'Start',
      'Incheckning',
    ]);
    await page.getByText(`Inloggad som ${secretariat.username}`).waitFor();
    // Tokens in sessionStorage only
    const stored = await page.evaluate(() => {
      const keys: string[] = [];
      for (let i = 0; i < sessionStorage.length; i++) keys.push(sessionStorage.key(i) as string);
      return { keys, local: localStorage.length };
    });
    expect(stored.keys.some((key) => key.startsWith('oidc.user:'))).toBe(true);
    expect(stored.local).toBe(0);
    await check(page, 'start');

    // The language switch: texts and lang change, and the choice holds over a reload
    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Upcoming meetings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await check(page, 'start-en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Upcoming meetings' }).waitFor();
    await page.getByRole('button', { name: 'På svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sends an expired session back through sign-in and keeps the half-filled search', async () => {
    // Arrange: signed in, something typed in the search (a form marked data-draft)
    const { context, page } = await newPage();
    await signIn(page, secretariat);
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    await page.getByLabel('Sök möte').fill('klimat');
    await expireToken(page);

    const toProvider: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.isNavigationRequest() && url.origin === new URL(cloud.signIn.issuer).origin)
        toProvider.push(url.pathname);
    });

    // Act: the next call to the API finds the session over
    await page.getByRole('button', { name: 'Uppdatera' }).click();

    // Assert: through the provider (its session still on: straight back) to the same view, draft kept
    await poll(() => toProvider[0]).toBe('/auth');
    await page.waitForURL((url) => url.origin === new URL(cloud.apiUrl).origin && url.search === '');
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#start');
    await expect(page.getByLabel('Sök möte').inputValue()).resolves.toBe('klimat');
    await check(page, 'start-after-new-sign-in');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('asks for the password again when the provider’s session is over too, and the draft still survives', async () => {
    // Arrange: signed in, a search typed; then both the app's token and the provider's session end
    const { context, page } = await newPage();
    await signIn(page, secretariat);
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    await page.getByLabel('Sök möte').fill('Borås');
    await expireToken(page);
    // The app keeps no cookie; the provider's session cookie is the only one.
    await context.clearCookies();

    // Act
    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await fillProviderForm(page, secretariat);

    // Assert
    await page.waitForURL((url) => url.origin === new URL(cloud.apiUrl).origin && url.search === '');
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();
    await expect(page.getByLabel('Sök möte').inputValue()).resolves.toBe('Borås');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signs out at the provider and comes back to the signed-out view', async () => {
    // Arrange
    const { context, page } = await newPage();
    await signIn(page, secretariat);
    await page.getByRole('heading', { level: 1, name: 'Kommande möten' }).waitFor();

    // Act: the provider asks to confirm (its own page, no script)
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL((url) => url.origin === new URL(cloud.signIn.issuer).origin);
    await page.getByRole('button', { name: 'Logga ut' }).click();

    // Assert
    await page.waitForURL((url) => url.origin === new URL(cloud.apiUrl).origin && url.search === '');
    await page.getByText('Du är utloggad.').waitFor();
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    const stored = await page.evaluate(() => {
      const keys: string[] = [];
      for (let i = 0; i < sessionStorage.length; i++) keys.push(sessionStorage.key(i) as string);
      return keys;
    });
    expect(stored.filter((key) => key.startsWith('oidc.user:'))).toEqual([]);
    await check(page, 'signed-out-after-sign-out');
    // Signing in again asks for the password: the provider's session is over too
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByLabel('Lösenord').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('offers the check-in desk its check-in entry and no secretariat section', async () => {
    // Arrange
    const { context, page } = await newPage();

    // Act
    await signIn(page, checkIn);

    // Assert
    await page.getByRole('heading', { level: 1, name: 'Incheckning' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#check-in');
    await expect(page.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual([
      'Incheckning',
    ]);
    // Asking for the start page by its address still shows check-in only
    await page.goto(`${adminUrl()}#start`);
    await page.getByRole('heading', { level: 1, name: 'Incheckning' }).waitFor();
    expect(await page.locator('#meeting-search').count()).toBe(0);
    await check(page, 'check-in');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
