import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { because } from '../fixtures/because';
import { api, startTestCloud, waitForMail } from '../fixtures/local-cloud';
import { poll } from '../fixtures/poll';

// The callbacks of page.evaluate run in the browser: the few browser globals they use, typed here
// (the project's tsconfig has no DOM lib, and a `/// <reference lib="dom">` would leak into it).
interface BrowserElement {
  id: string;
  tagName: string;
  className: string;
}
interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
}
declare const document: { activeElement: BrowserElement | null };
declare const window: { axe?: { run(context: unknown, options: unknown): Promise<AxeResult> } };
declare const getComputedStyle: (element: BrowserElement | null) => { outlineStyle: string };

/**
 * The public pages in headless Chromium against the whole local cloud: the registration, waiting
 * list, cancellation and evaluation flows, a keyboard-only registration, axe-core (WCAG 2.1 A/AA)
 * on every page in every state, and a screenshot of each at phone and desktop width.
 */
const root = join(import.meta.dirname, '..', '..');
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
// ISO 8601 basic format: a timestamp that is also a safe folder name.
const runId = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d{3}/, '');
const artifacts = join(root, 'e2e-artifacts', runId);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let cloud: LocalCloud;
let browser: Browser;
let admin: Record<string, string>;
let today: string;
const axeResults: Array<{ state: string; width: number; violations: string[] }> = [];
const screenshots: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const clock = new LocalClock({ frozenAt: new Date() });
  cloud = await startTestCloud({ clock, schedulerPollMs: 0 });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  today = stockholmDate(clock.now());
  mkdirSync(artifacts, { recursive: true });
  // launch() gives Chromium a fresh temporary --user-data-dir of its own (and deletes it on close);
  // Playwright refuses the flag in `args`.
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
    join(artifacts, 'axe-results.json'),
    `${JSON.stringify({ axeResults, screenshots, pageErrors }, null, 2)}\n`,
  );
  const table = axeResults.map((r) => `${r.violations.length === 0 ? 'ok ' : 'BAD'} ${r.state} @${r.width}`);
  console.log(`axe (wcag2a, wcag2aa, wcag21a, wcag21aa), ${axeResults.length} checks:\n${table.join('\n')}`);
  console.log(`screenshots in ${artifacts}: ${screenshots.length}`);
});

const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  // The pages must run under the CSP (no inline script or style): any refusal is a failure.
  page.on('console', (message) => {
    // The API's 4xx answers the pages handle are logged by Chromium as failed loads: not errors here.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return { context, page };
};

/** axe-core against WCAG 2.1 A and AA, and a full-page screenshot, at phone and desktop width. */
const check = async (page: Page, state: string) => {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    // Evaluated through the DevTools protocol, which the page's CSP does not govern; the CSP stays on.
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
    if (violations.length > 0)
      console.log(`axe violations in ${state} @${viewport.width}:\n${violations.join('\n')}`);
    because(`axe: ${state} @${viewport.width}`, () => expect(violations).toEqual([]));
    const file = join(artifacts, `${state}-${viewport.width === PHONE.width ? 'phone' : 'desktop'}.png`);
    await page.screenshot({ path: file, fullPage: true });
    screenshots.push(file);
  }
  await page.setViewportSize(PHONE);
};

const scheduleMeeting = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  const response = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Nätverksträff: klimatanpassning i praktiken',
      focusGroupId: 'environmental-strategy',
      kind: 'physical',
      days: [addDays(today, 20), addDays(today, 21)],
      startTime: '09:30',
      endTime: '16:00',
      venue: 'Stadshuset, Borås',
      capacity: 30,
      programme: 'Dag 1: klimatanpassning i den fysiska planeringen.\nDag 2: studiebesök.',
      speakers: ['Länsstyrelsen i Västra Götalands län'],
      partners: ['Västra Götalandsregionen, Klimat 2030'],
      ...overrides,
    },
    admin,
  );
  expect(response.status).toBe(201);
  return response.body.id as string;
};

/** The register form filled in with the mouse-free helpers of Playwright (fill/check/select). */
const fillForm = async (page: Page, person: { name: string; email: string; municipality?: string }) => {
  await page.getByLabel('Namn', { exact: true }).fill(person.name);
  await page.getByLabel('E-postadress').fill(person.email);
  await page.getByLabel('Kommun', { exact: true }).selectOption(person.municipality ?? '1490');
  await page.getByLabel('Miljöstrateg').check();
  await page.getByLabel(/Jag godkänner/).check();
};

const linkFrom = (text: string | undefined, path: string): string => {
  const match = new RegExp(`(http://localhost:\\d+/${path}\\?token=[^\\s"<>]+)`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no /${path} link in the mail`);
  return match[1];
};

describe('the public pages', () => {
  it('lists, registers (confirmed, with a calendar file), mails a link and cancels with it', async () => {
    const meetingId = await scheduleMeeting();
    const { context, page } = await newPage();

    // The first load: HTML + CSS + JS, as the browser fetched them.
    let firstLoadBytes = 0;
    const counted: string[] = [];
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/')) return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      firstLoadBytes += body.length;
      counted.push(`${url.pathname} ${body.length}`);
    });
    await page.goto(`${cloud.apiUrl}/`);
    await poll(() => page.locator('.meeting').count()).toBeGreaterThan(5);
    console.log(`first page load (HTML+CSS+JS): ${firstLoadBytes} bytes: ${counted.join(', ')}`);
    page.removeAllListeners('response');
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['Miljöstrategigruppen', 'Naturvårdsgruppen']),
    );
    await check(page, 'index-list-sv');

    // English, remembered across pages and reloads
    await page.getByRole('button', { name: 'In English' }).click();
    await poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await poll(() => page.locator('h1').textContent()).toBe('Upcoming meetings');
    await page.reload();
    await poll(() => page.locator('#status').textContent()).toMatch(/upcoming meetings/);
    await check(page, 'index-list-en');
    await page.goto(`${cloud.apiUrl}/register?meeting=${meetingId}`);
    await poll(() => page.locator('form').isVisible()).toBe(true);
    expect(await page.locator('dl').textContent()).toMatch(
      /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)/,
    );
    await check(page, 'register-form-en');
    await page.getByRole('button', { name: 'Send registration' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await check(page, 'register-errors-en');
    await page.getByRole('button', { name: 'På svenska' }).click();
    await poll(() => page.locator('html').getAttribute('lang')).toBe('sv');

    // Back to the list in Swedish, then to the form through its link
    await page.goto(`${cloud.apiUrl}/`);
    await page.locator(`a[href="/register?meeting=${meetingId}"]`).click();
    await poll(() => page.locator('form').isVisible()).toBe(true);
    expect(await page.locator('#days input[type=checkbox]').count()).toBe(2);
    expect(await page.locator('#dietaryNeeds').isVisible()).toBe(true);
    await check(page, 'register-form-sv');

    // Errors from the page itself: summary focused, fields marked and described
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.locator('#error-list li').count()).toBe(5);
    expect(await page.locator('#name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#name').getAttribute('aria-describedby')).toBe('name-error');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toBe('email-hint email-error');
    await check(page, 'register-errors-client-sv');

    // An error only the API finds (no dot in the domain): its issue shows next to its field
    await fillForm(page, { name: 'Robin Lind', email: 'robin@boras' });
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.locator('#email-error').textContent()).toMatch(/i formatet/);
    expect(await page.locator('#error-list li').count()).toBe(1);
    expect(await page.locator('#name').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'register-errors-server-sv');

    // A municipality that is not a member: 422, told in the summary
    await page.getByLabel('E-postadress').fill('robin@boras.example');
    await page.getByLabel('Kommun', { exact: true }).selectOption('1419');
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.locator('#error-message').textContent()).toMatch(/inte medlem/);
    await check(page, 'register-not-a-member-sv');

    // Confirmed
    await page.getByLabel('Kommun', { exact: true }).selectOption('1490');
    await page.getByLabel('Specialkost (frivilligt)').fill('Vegetariskt');
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.locator('#result-heading').textContent()).toBe('Du har en plats på mötet');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    expect(await page.locator('#result').textContent()).toMatch(
      /kalenderinbjudan och en länk för att avboka/,
    );
    await check(page, 'register-confirmed-sv');

    // The calendar file, built in the browser
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ics').click()]);
    const ics = readFileSync((await download.path()) as string, 'utf8');
    expect(download.suggestedFilename()).toBe(`kommunnatverket-${meetingId}.ics`);
    expect(ics).toContain('METHOD:PUBLISH\r\n');
    expect(ics).toContain(`UID:${meetingId}@kommunnatverket\r\n`);
    expect(ics).toContain(`DTSTART;TZID=Europe/Stockholm:${addDays(today, 20).replace(/-/g, '')}T093000\r\n`);
    expect(ics).toContain('RRULE:FREQ=DAILY;COUNT=2\r\n');

    // Twice with the same address: 409
    await page.reload();
    await poll(() => page.locator('form').isVisible()).toBe(true);
    await fillForm(page, { name: 'Robin Lind', email: 'robin@boras.example' });
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.locator('#error-message').textContent()).toMatch(/redan anmäld/);
    await check(page, 'register-already-registered-sv');

    // The confirmation mail's cancellation link
    const [mail] = await waitForMail(cloud, 'robin@boras.example');
    const cancelLink = linkFrom(mail?.body.text, 'cancel');
    await page.goto(cancelLink);
    await poll(() => page.locator('#standing').textContent()).toBe('Du har en plats på mötet.');
    await check(page, 'cancel-before-sv');
    await page.getByRole('button', { name: 'Ja, avboka' }).click();
    await poll(() => page.locator('#status').textContent()).toBe('Klart. Din anmälan är avbokad.');
    expect(await page.locator('#confirm').isHidden()).toBe(true);
    await check(page, 'cancel-after-sv');
    await page.getByRole('button', { name: 'In English' }).click();
    await poll(() => page.locator('#standing').textContent()).toBe('The registration is already cancelled.');
    await check(page, 'cancel-after-en');
    const standing = await api(
      cloud,
      'GET',
      `/api/registrations/${encodeURIComponent(new URL(cancelLink).searchParams.get('token') ?? '')}`,
    );
    expect(standing.body.status).toBe('cancelled');
    await page.goto(`${cloud.apiUrl}/cancel?token=not-a-token`);
    await poll(() => page.locator('#status').textContent()).toMatch(/link does not work/);
    await check(page, 'cancel-bad-link-en');
    await context.close();
  });

  it('puts the second registrant of a full meeting on the waiting list', async () => {
    const meetingId = await scheduleMeeting({
      title: 'Digitalt nätverksmöte: upphandling och rättvis handel',
      focusGroupId: 'fair-trade',
      kind: 'digital',
      days: [addDays(today, 10)],
      startTime: '13:00',
      endTime: '14:30',
      venue: undefined,
      onlineUrl: 'https://meet.example.org/rattvis-handel',
      capacity: 1,
    });
    const { context, page } = await newPage();
    for (const [name, email] of [
      ['Alex Berg', 'alex@alingsas.example'],
      ['Kim Holm', 'kim@alingsas.example'],
    ] as const) {
      await page.goto(`${cloud.apiUrl}/register?meeting=${meetingId}`);
      await poll(() => page.locator('form').isVisible()).toBe(true);
      expect(await page.locator('#dietaryNeeds').isVisible()).toBe(false);
      expect(await page.locator('#days').isVisible()).toBe(false);
      await fillForm(page, { name, email, municipality: '1489' });
      await page.getByRole('button', { name: 'Skicka anmälan' }).click();
      await poll(() => page.locator('#result').isVisible()).toBe(true);
    }
    expect(await page.locator('#result-heading').textContent()).toBe('Du står i kö till mötet');
    expect(await page.locator('#ics-wrap').isHidden()).toBe(true);
    await check(page, 'register-waiting-sv');
    await page.goto(`${cloud.apiUrl}/`);
    await poll(() => page.locator('.meeting').count()).toBeGreaterThan(5);
    expect(
      await page.locator('.meeting', { hasText: 'upphandling och rättvis handel' }).textContent(),
    ).toMatch(/Fullt/);
    await check(page, 'index-with-full-meeting-sv');
    await context.close();
  });

  it('registers with the keyboard only (Tab, Space, Enter; typing in the fields)', async () => {
    const meetingId = await scheduleMeeting({
      title: 'Nätverksträff: naturvård i planeringen',
      focusGroupId: 'nature-conservation',
    });
    const { context, page } = await newPage();
    await page.goto(`${cloud.apiUrl}/register?meeting=${meetingId}`);
    await poll(() => page.locator('form').isVisible()).toBe(true);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    const tabTo = async (id: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    };
    // The skip link comes first, is visible when focused, and moves to the main content
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    expect(await page.locator('.skip-link').isVisible()).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('main');

    await tabTo('name');
    await page.keyboard.type('Sam Ek');
    expect(await page.locator('#name').inputValue()).toBe('Sam Ek');
    await tabTo('email');
    await page.keyboard.type('sam@boras.example');
    expect(await page.locator('#email').inputValue()).toBe('sam@boras.example');
    await tabTo('municipalityCode');
    // A closed select takes type-ahead, as it does for any keyboard user. ASCII only: Playwright
    // sends 'å' as inserted text, which does not reach a select's type-ahead.
    await page.keyboard.type('Bor');
    expect(await page.locator('#municipalityCode').inputValue()).toBe('1490');
    expect(await page.locator('#email').inputValue()).toBe('sam@boras.example');
    await tabTo('role-environmental-strategist');
    await page.keyboard.press('Space');
    await tabTo('day-1');
    await page.keyboard.press('Space'); // only the first day
    await tabTo('consent');
    await page.keyboard.press('Space');
    await tabTo('submit');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await poll(
      async () =>
        `${await page.locator('#result-heading').textContent()} ${await page.locator('#error-summary').textContent()}`,
    ).toMatch(/^Du har en plats på mötet/);
    expect(await focused()).toBe('result-heading');
    await tabTo('ics');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const ics = readFileSync((await download.path()) as string, 'utf8');
    expect(ics).not.toContain('RRULE:FREQ=DAILY'); // one day chosen: no repetition
    expect(ics).toContain(`UID:${meetingId}@kommunnatverket\r\n`);
    await context.close();
  });

  it('evaluates a meeting from the attendee’s link, once', async () => {
    const day = addDays(today, 2);
    const meetingId = await scheduleMeeting({
      title: 'Digitalt nätverksmöte: ängar och pollinatörer',
      focusGroupId: 'nature-conservation',
      kind: 'digital',
      days: [day],
      startTime: '10:00',
      endTime: '11:30',
      venue: undefined,
      onlineUrl: 'https://meet.example.org/naturvard',
      capacity: 20,
    });
    const { context, page } = await newPage();
    await page.goto(`${cloud.apiUrl}/register?meeting=${meetingId}`);
    await poll(() => page.locator('form').isVisible()).toBe(true);
    await fillForm(page, { name: 'Mio Strand', email: 'mio@molndal.example', municipality: '1481' });
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await poll(() => page.locator('#result-heading').textContent()).toBe('Du har en plats på mötet');

    await cloud.advanceClock(3 * 86_400_000);
    const attendance = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/attendance`,
      { day, emails: ['mio@molndal.example'] },
      admin,
    );
    expect(attendance.status).toBe(201);
    await cloud.bus.idle();
    let evaluateLink = '';
    await poll(
      async () => {
        const mail = (await readLocalInbox(cloud.sesUrl)).filter(
          (m) =>
            m.destination.to.includes('mio@molndal.example') && /\/evaluate\?token=/.test(m.body.text ?? ''),
        );
        evaluateLink = mail[0] ? linkFrom(mail[0].body.text, 'evaluate') : '';
        return evaluateLink;
      },
      { timeout: 10_000 },
    ).not.toBe('');

    await page.goto(evaluateLink);
    await poll(() => page.locator('form').isVisible()).toBe(true);
    expect(await page.locator('fieldset legend').allTextContents()).toEqual([
      'Hur nöjd är du med mötet?',
      'Kommer mötet att vara till nytta för dig i ditt arbete?',
    ]);
    await check(page, 'evaluate-before-sv');
    // A second tab with the same link, answered after the first: refused with 409
    const second = await context.newPage();
    await second.goto(evaluateLink);
    await poll(() => second.locator('form').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Skicka svar' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await check(page, 'evaluate-errors-sv');
    await page.getByLabel('5', { exact: true }).first().check();
    await page.getByLabel('6 Stor nytta').check();
    await page.getByLabel('Kommentar (frivilligt)').fill('Bra exempel från kommunerna.');
    await page.getByRole('button', { name: 'Skicka svar' }).click();
    await poll(() => page.locator('#done-heading').textContent()).toBe('Tack för ditt svar!');
    await check(page, 'evaluate-after-sv');

    await second.getByLabel('3', { exact: true }).first().check();
    await second.getByLabel('3', { exact: true }).last().check();
    await second.getByRole('button', { name: 'Skicka svar' }).click();
    await poll(() => second.locator('#done-heading').textContent()).toBe('Du har redan svarat');
    await check(second, 'evaluate-refused-409-sv');

    // The link opened again: already answered
    await page.goto(evaluateLink);
    await poll(() => page.locator('#done-heading').textContent()).toBe('Du har redan svarat');
    expect(await page.locator('form').isHidden()).toBe(true);
    await check(page, 'evaluate-already-answered-sv');
    await page.getByRole('button', { name: 'In English' }).click();
    await poll(() => page.locator('#done-heading').textContent()).toBe('You have already answered');
    await check(page, 'evaluate-already-answered-en');
    await context.close();
  });

  it('has a privacy notice, an accessibility statement and the mailing-list pages', async () => {
    const { context, page } = await newPage();
    await page.goto(`${cloud.apiUrl}/privacy`);
    expect(await page.locator('main').textContent()).toMatch(
      /tills årets statistik är fastställd \(låst\) och som längst i 2 år/,
    );
    await check(page, 'privacy-sv');
    await page.goto(`${cloud.apiUrl}/accessibility`);
    expect(await page.locator('main').textContent()).toMatch(/DIGG/);
    await check(page, 'accessibility-sv');
    await page.getByRole('button', { name: 'In English' }).click();
    await poll(() => page.locator('h1:visible').textContent()).toBe('Accessibility statement');
    await check(page, 'accessibility-en');
    await page.goto(`${cloud.apiUrl}/privacy`);
    await poll(() => page.locator('h1:visible').textContent()).toBe('How we handle personal data');
    await check(page, 'privacy-en');
    await page.getByRole('button', { name: 'På svenska' }).click();
    for (const name of ['subscribe', 'unsubscribe']) {
      await page.goto(`${cloud.apiUrl}/${name}?token=not-a-token`);
      await check(page, `${name}-before-sv`);
      await page.locator('#go').click();
      await poll(() => page.locator('#status').textContent()).toMatch(/Länken fungerar inte/);
      await check(page, `${name}-bad-link-sv`);
    }
    await page.goto(`${cloud.apiUrl}/register?meeting=no-such-meeting`);
    await poll(() => page.locator('#status').textContent()).toMatch(/Mötet finns inte/);
    await check(page, 'register-not-found-sv');
    await context.close();
  });

  it('says so when there are no upcoming meetings (every meeting has passed)', async () => {
    await cloud.advanceClock(120 * 86_400_000);
    const { context, page } = await newPage();
    await page.goto(`${cloud.apiUrl}/`);
    await poll(() => page.locator('#status').textContent()).toBe(
      'Inga kommande möten just nu. Titta gärna in igen senare.',
    );
    expect(await page.locator('.meeting').count()).toBe(0);
    await check(page, 'index-empty-sv');
    await context.close();
  });

  it('ran without script errors or CSP refusals and found no axe violations', () => {
    expect(pageErrors).toEqual([]);
    expect(axeResults.filter((r) => r.violations.length > 0)).toEqual([]);
  });
});
