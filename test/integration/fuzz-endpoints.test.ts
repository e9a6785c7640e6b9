import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { type RouteDefinition, routes } from '../../functions/http/routes';
import { MAX_BODY_BYTES } from '../../functions/shared/http';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { because } from '../fixtures/because';
import {
  documentedCodes,
  encodeSegment,
  expectErrorShape,
  hostileJsonBody,
  hostilePathSegment,
  NOT_JSON_TYPES,
  nastyText,
  tableFingerprinter,
} from '../fixtures/hostile-input';
import { startTestCloud, waitForMail } from '../fixtures/local-cloud';

/**
 * Property-based fuzzing of every endpoint that takes input, through the local API Gateway over
 * real HTTP against DynamoDB Local: public routes as anyone, admin routes with a valid admin token.
 * The routes come from `routes` (the OpenAPI document's source), so a new route is fuzzed too.
 * Each refused request must answer 4xx with the documented error body and a code its route
 * documents, and leave the whole table as it was (a consistent Scan before and after). No input
 * may cause a 5xx. The clock is frozen and timers only fire on demand, so nothing else writes.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
let table: ReturnType<typeof tableFingerprinter>;
let state: string;
let samples: Record<string, string>;
const stats = { requests: 0, refused: 0, accepted: 0 };

// Moderate: the file must stay well under a minute on two busy cores.
const RUNS = { body: 12, contentType: 6, oversize: 2, path: 6, fields: 24, query: 5 } as const;

beforeAll(async () => {
  cloud = await startTestCloud({ clock: new LocalClock({ frozenAt: new Date() }), schedulerPollMs: 0 });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  table = tableFingerprinter(cloud.dynamoDbEndpoint, cloud.tableName);
  const meetings = (await send('GET', '/api/meetings')).body.meetings as { id: string }[];
  const groups = (await send('GET', '/api/focus-groups')).body.focusGroups as { id: string }[];
  const meetingId = meetings[0]?.id as string;
  // A real cancellation link, so that the token routes get past the token to everything behind it.
  const registered = await send(
    'POST',
    `/api/meetings/${meetingId}/registrations`,
    JSON.stringify({
      name: 'Fuzz Fixture',
      email: 'fixture@alingsas.example',
      municipalityCode: '1489',
      role: 'environmental-strategist',
      consent: true,
    }),
    { 'content-type': 'application/json' },
  );
  expect(registered.status).toBe(201);
  const [mail] = await waitForMail(cloud, 'fixture@alingsas.example', { timeoutMs: 20_000 });
  const token = decodeURIComponent(
    /\/cancel\?token=([A-Za-z0-9._%-]+)/.exec(mail?.body.text ?? '')?.[1] ?? '',
  );
  expect(token).not.toBe('');
  samples = {
    meetingId,
    focusGroupId: groups[0]?.id as string,
    token,
    code: '1480',
    billingPartyId: 'fuzz-party',
    principalId: 'fuzz-principal',
    year: '2026',
    number: '2026001',
    // Issue 16: the admin registrant routes name a registration of the meeting.
    registrationId: (registered.body as { registrationId: string }).registrationId,
  };
  state = await settled();
}, 120_000);

afterAll(async () => {
  table?.close();
  await cloud?.stop();
  // The figures for the issue note.
  console.info(`fuzz-endpoints: ${JSON.stringify(stats)}`);
});

type Answer = { status: number; body: unknown; fromHandler: boolean };

const send = async (
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
): Promise<Answer & { body: any }> => {
  stats.requests += 1;
  const response = await fetch(cloud.apiUrl.replace('localhost', '127.0.0.1') + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the shape check will say so
  }
  // Only answers of a route's own handler carry API Gateway's request id; the gateway's own don't.
  return { status: response.status, body: parsed, fromHandler: response.headers.has('apigw-requestid') };
};

/** Waits until the bus is idle and two consistent scans agree: what an accepted request caused is done. */
const settled = async (): Promise<string> => {
  const deadline = Date.now() + 30_000;
  let previous = await table.fingerprint();
  for (;;) {
    await cloud.bus.idle();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const current = await table.fingerprint();
    if (current === previous) return current;
    // A baseline taken while the table still changes would make "nothing stored" meaningless.
    if (Date.now() > deadline) throw new Error('The table did not settle within 30 s');
    previous = current;
  }
};

/**
 * The one rule for every answer: never 5xx; a refusal has the documented shape and (from the
 * route's handler) a documented code, and stored nothing; `expected`, when given, is the status.
 */
const check = async (route: RouteDefinition, answer: Answer, expected?: number) => {
  because(JSON.stringify(answer.body), () => expect(answer.status).toBeLessThan(500));
  if (expected !== undefined)
    because(JSON.stringify(answer.body), () => expect(answer.status).toBe(expected));
  const refused = answer.status >= 400;
  if (refused) {
    stats.refused += 1;
    expectErrorShape(answer.body);
    // The gateway's own refusals (no such route) are not the route's; its handler's must be documented.
    if (answer.fromHandler)
      because(`${route.name} ${answer.status}`, () =>
        expect(documentedCodes(route, answer.status)).toContain((answer.body as { error: string }).error),
      );
  } else stats.accepted += 1;
  // A refusal stores nothing, and reading never writes, whatever the answer.
  if (refused || route.method === 'GET') expect(await table.fingerprint()).toBe(state);
  else state = await settled();
};

const pathOf = (route: RouteDefinition, override: Record<string, string> = {}): string =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = override[name] ?? samples[name];
    // A new kind of path parameter needs a sample here before it can be fuzzed.
    if (value === undefined) throw new Error(`No sample for the path parameter {${name}} of ${route.name}`);
    return override[name] === undefined ? value : encodeSegment(value);
  });

const headersFor = (route: RouteDefinition, extra: Record<string, string> = {}) => ({
  ...(route.access === 'admin' ? admin : {}),
  ...extra,
});

const bodyRoutes = routes.filter((route) => route.requestBody || route.rawRequestBody);
const paramRoutes = routes.filter((route) => route.path.includes('{'));
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** What the contract says about a JSON body: 413 over the limit, 400 unless it parses and fits the schema. */
const expectedForJson = (route: RouteDefinition, text: string): number | undefined => {
  if (!route.requestBody) return 415; // a CSV-only upload refuses JSON outright
  if (byteLength(text) > MAX_BODY_BYTES) return 413;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 400;
  }
  return (route.requestBody as z.ZodType).safeParse(value).success ? undefined : 400;
};

describe('hostile input to every endpoint that takes a body', () => {
  it('derives the body routes from the route table (public and admin)', () => {
    expect(bodyRoutes.some((route) => route.access === 'public')).toBe(true);
    expect(bodyRoutes.some((route) => route.access === 'admin')).toBe(true);
  });

  it.each(bodyRoutes.map((route) => [route.name, route] as const))(
    '%s: refuses hostile JSON (wrong types, deep nesting, __proto__ keys, control characters) with 400',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(hostileJsonBody, async (text) => {
          const answer = await send(
            route.method,
            pathOf(route),
            text,
            headersFor(route, { 'content-type': 'application/json' }),
          );
          await check(route, answer, expectedForJson(route, text));
        }),
        { numRuns: RUNS.body },
      );
    },
  );

  it.each(bodyRoutes.map((route) => [route.name, route] as const))(
    '%s: refuses other media types with 415',
    async (_, route) => {
      // An upload takes CSV as text or bytes; without a content type fetch sends text/plain.
      const accepted = route.rawRequestBody ? ['', 'text/csv', 'text/plain', 'application/octet-stream'] : [];
      const types = NOT_JSON_TYPES.filter((type) => !accepted.includes(type));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...types), async (type) => {
          const body = JSON.stringify({ name: 'x' });
          const answer = await send(
            route.method,
            pathOf(route),
            body,
            headersFor(route, type ? { 'content-type': type } : {}),
          );
          // Without a content type fetch sends text/plain for a string body.
          await check(route, answer, 415);
        }),
        { numRuns: RUNS.contentType },
      );
    },
  );

  it.each(bodyRoutes.filter((route) => route.requestBody).map((route) => [route.name, route] as const))(
    '%s: refuses a body over 16 KB with 413, before reading it as JSON',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }), async (size) => {
          const body = `{"name":"${'å'.repeat(Math.ceil(size / 2))}"}`;
          const answer = await send(
            route.method,
            pathOf(route),
            body,
            headersFor(route, { 'content-type': 'application/json' }),
          );
          await check(route, answer, 413);
        }),
        { numRuns: RUNS.oversize },
      );
    },
  );

  it.each(bodyRoutes.filter((route) => route.rawRequestBody).map((route) => [route.name, route] as const))(
    '%s: takes any bytes as its CSV upload without a 5xx (invalid UTF-8, UTF-16, binary)',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 400 }),
            nastyText(400).map((text) => new TextEncoder().encode(`a,b,c\n${text},1,2\n`)),
          ),
          fc.constantFrom('', '?day=2026-01-01', '?day=not-a-day', `?day=${encodeSegment('\r\n')}`),
          async (bytes, query) => {
            const answer = await send(
              route.method,
              pathOf(route) + query,
              bytes,
              headersFor(route, { 'content-type': 'text/csv' }),
            );
            await check(route, answer);
          },
        ),
        { numRuns: RUNS.body },
      );
    },
  );
});

describe('hostile path parameters', () => {
  it.each(paramRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: any value gives a documented 4xx, never a 5xx',
    async (_, route) => {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
      await fc.assert(
        fc.asyncProperty(hostilePathSegment, fc.constantFrom(...names), async (value, name) => {
          const hasBody = route.requestBody !== undefined;
          const answer = await send(
            route.method,
            pathOf(route, { [name]: value }),
            hasBody ? '{}' : undefined,
            headersFor(route, hasBody ? { 'content-type': 'application/json' } : {}),
          );
          await check(route, answer);
        }),
        { numRuns: RUNS.path },
      );
    },
  );
});

describe('hostile query strings', () => {
  const getRoutes = routes.filter((route) => route.method === 'GET');
  it.each(getRoutes.map((route) => [route.name, route] as const))(
    '%s: ignores or refuses any query, never a 5xx',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom('year', 'format', 'lang', 'day', 'meeting', '__proto__', 'constructor'),
            hostilePathSegment,
            { maxKeys: 3 },
          ),
          async (query) => {
            const search = Object.entries(query)
              .map(([key, value]) => `${key}=${encodeSegment(value)}`)
              .join('&');
            const answer = await send('GET', `${pathOf(route)}?${search}`, undefined, headersFor(route));
            await check(route, answer);
          },
        ),
        { numRuns: RUNS.query },
      );
    },
  );
});

describe('hostile values in otherwise well-formed public requests', () => {
  const route = (name: string) => routes.find((candidate) => candidate.name === name) as RouteDefinition;
  let serial = 0;
  const email = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constant(null).map(() => {
        serial += 1;
        return `fuzz${serial}@alingsas.example`;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'a@b.se\r\nBcc: victim@example.org',
        'a@b.se\nSubject: hi',
        '"a\r\nb"@example.org',
        'a@b.se%0d%0aBcc:x@y',
        '<a@b.se>',
        'Kim <kim@b.se>',
        'a@b.se,c@d.se',
        'å@ö.se',
        `${'a'.repeat(250)}@b.se`,
        'a@b.se\u0000',
      ),
    },
  );
  const name = fc.oneof(
    { weight: 2, arbitrary: fc.constant('Kim Nilsson') },
    { weight: 3, arbitrary: nastyText() },
  );

  it('registration: CRLF, control characters and odd addresses are refused; markup is stored, never run', async () => {
    const registration = route('post-registration');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name,
          email,
          municipalityCode: fc.oneof(
            { weight: 4, arbitrary: fc.constant('1489') },
            { weight: 1, arbitrary: nastyText(6) },
          ),
          role: fc.oneof(
            { weight: 4, arbitrary: fc.constant('fairtrade-coordinator') },
            { weight: 1, arbitrary: nastyText(20) },
          ),
          dietaryNeeds: fc.option(nastyText(80), { nil: undefined }),
          consent: fc.oneof(
            { weight: 6, arbitrary: fc.constant(true) },
            { weight: 1, arbitrary: fc.jsonValue() },
          ),
        }),
        async (fields) => {
          const text = JSON.stringify(fields);
          const answer = await send('POST', pathOf(registration), text, {
            'content-type': 'application/json',
          });
          await check(registration, answer, expectedForJson(registration, text));
        },
      ),
      { numRuns: RUNS.fields },
    );
    // Whatever was accepted was mailed with the markup escaped: no tag from a name reaches the HTML.
    const mails = await readLocalInbox(cloud.sesUrl);
    for (const mail of mails) {
      // A tag or an attribute inside one; the escaped text (`&lt;img … onerror=…&gt;`) is harmless.
      expect(mail.body.html ?? '').not.toMatch(/<script|<img|<[^>]*\sonerror=/i);
      expect(mail.subject).not.toMatch(/[\r\n]/);
    }
  });

  it('subscription: hostile addresses and languages are refused, nothing stored', async () => {
    const subscription = route('post-focus-group-subscription');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email,
          language: fc.oneof(fc.constantFrom('sv', 'en'), nastyText(5)),
          consent: fc.oneof(fc.constant(true), fc.jsonValue()),
        }),
        async (fields) => {
          const text = JSON.stringify(fields);
          const answer = await send('POST', pathOf(subscription), text, {
            'content-type': 'application/json',
          });
          await check(subscription, answer, expectedForJson(subscription, text));
        },
      ),
      { numRuns: RUNS.fields },
    );
  });

  it('evaluation: out-of-range grades, hostile comments and forged tokens are refused, nothing stored', async () => {
    const evaluation = route('post-evaluation');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          satisfaction: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), nastyText(3)),
          usefulness: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.jsonValue()),
          comment: fc.option(nastyText(200), { nil: undefined }),
        }),
        async (fields) => {
          const text = JSON.stringify(fields);
          // A cancellation token is no evaluation token: single purpose.
          const answer = await send('POST', pathOf(evaluation), text, { 'content-type': 'application/json' });
          await check(evaluation, answer, expectedForJson(evaluation, text) ?? 404);
        },
      ),
      { numRuns: RUNS.fields },
    );
  });
});
