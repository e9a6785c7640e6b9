import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import { openApiDocument } from '../../../../functions/http/openapi';
import { routes } from '../../../../functions/http/routes';

/**
 * The document and the server must agree: every probe the server's zod schema accepts, the
 * document's JSON Schema accepts, and every probe one refuses the other refuses. Probes are a valid
 * example per body and, from it, each constraint broken one at a time.
 */
type Json = Record<string, unknown>;

const address = { street: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm' };

/** One valid body per route with a JSON body, every optional field present so each can be broken. */
const validBodies: Record<string, unknown> = {
  'post-registration': {
    name: 'Anna Andersson',
    email: 'anna@example.se',
    municipalityCode: '0180',
    role: 'municipal-ecologist',
    days: ['2027-03-01'],
    dietaryNeeds: 'Vegetarian',
    language: 'sv',
    consent: true,
  },
  'post-evaluation': { satisfaction: 5, usefulness: 4, comment: 'Good' },
  'post-admin-meeting': {
    title: 'Climate day',
    focusGroupId: 'climate',
    kind: 'physical',
    days: ['2027-03-01'],
    startTime: '09:00',
    endTime: '16:00',
    venue: 'Town hall',
    onlineUrl: 'https://example.se/meet',
    capacity: 40,
    registrationClosesAt: '2027-02-28T23:59:00+01:00',
    programme: 'Talks\nLunch',
    speakers: ['Anna'],
    partners: ['Region'],
  },
  'post-focus-group-subscription': { email: 'anna@example.se', language: 'en', consent: true },
  'put-admin-focus-group': { name: { sv: 'Klimat', en: 'Climate' }, retired: false },
  'post-admin-meeting-reschedule': {
    days: ['2027-03-02'],
    startTime: '10:00',
    endTime: '15:00',
    venue: 'Library',
    onlineUrl: 'https://example.se/meet',
    registrationClosesAt: '2027-03-01T12:00:00+01:00',
  },
  'post-admin-meeting-attendance': {
    day: '2027-03-01',
    registrationIds: ['abc-123'],
    emails: ['anna@example.se'],
    walkIns: [{ name: 'Bo', email: 'bo@example.se', municipalityCode: '0180', role: 'municipal-ecologist' }],
  },
  'put-admin-municipality': {
    name: 'Stockholm',
    legalName: 'Stockholms kommun',
    organisationNumber: '212000-0142',
    invoiceEmail: 'faktura@example.se',
    postalAddress: address,
    peppolId: '0007:2120000142',
    billingPartyId: 'stockholm-region',
    memberships: [{ from: '2020-01-01', to: '2026-12-31' }],
  },
  'put-admin-billing-party': {
    name: 'Federation',
    organisationNumber: '222000-0001',
    invoiceEmail: 'faktura@example.se',
    postalAddress: address,
    peppolId: '0007:2220000001',
  },
  'put-admin-principal': {
    name: 'Region',
    organisationNumber: '232100-0016',
    bankgiro: '123-4567',
    senderEmail: 'kansli@example.se',
    postalAddress: address,
    validFrom: '2024-01-01',
    validTo: '2027-12-31',
    firstInvoiceNumber: 1000,
    paymentTermsDays: 30,
    example: false,
  },
  'put-admin-fee-schedule': {
    orePerInhabitant: 150,
    floorOre: 1_000_000,
    capOre: 50_000_000,
    vatPercent: 25,
    partialYearPolicy: 'pro-rata-by-month',
    example: false,
  },
  'post-admin-fee-schedule-index': { wageGrowthPercent: 3.5 },
  'put-admin-survey': {
    respondents: 40,
    recipientsByList: { climate: 120 },
    respondentsByMunicipality: { '0180': 12 },
  },
  'post-admin-invoice-credit': { reissue: true },
  'post-admin-people-erase': { email: 'anna@example.se' },
  'post-admin-people-export': { email: 'anna@example.se' },
  'post-admin-calendar-warnings': { days: ['2027-01-06', '2027-03-26'] },
  // Issue 16: the admin registrant and message routes.
  'post-admin-registration-promote': { reason: 'Talare i programmet' },
  'post-admin-meeting-promotion': { reason: 'Lokalen rymmer fler' },
  'post-admin-meeting-clone': { days: ['2027-04-01'] },
  'put-admin-meeting': { title: 'Ny titel', capacity: 40 },
  'post-admin-meeting-message': {
    subject: 'Program',
    text: 'Hej!\n\nVälkomna.',
    audience: 'all',
    preview: true,
  },
  'post-admin-meeting-registration': {
    name: 'Anna Andersson',
    email: 'anna@example.se',
    municipalityCode: '0180',
    role: 'municipal-ecologist',
    consent: true,
  },
};

type Probe = { label: string; value: unknown };

const setAt = (root: unknown, path: (string | number)[], value: unknown, remove = false): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value, remove);
    return copy;
  }
  const copy = { ...(root as Json) };
  if (remove && rest.length === 0) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value, remove);
  return copy;
};

/** The valid body, then each constraint broken one at a time at each field. */
const probesOf = (valid: unknown): Probe[] => {
  const probes: Probe[] = [{ label: 'valid', value: valid }];
  const walk = (node: unknown, path: (string | number)[]): void => {
    const at = path.join('.') || '(body)';
    const put = (label: string, value: unknown) =>
      probes.push({ label: `${at}: ${label}`, value: setAt(valid, path, value) });
    if (Array.isArray(node)) {
      put('wrong type', 'not-an-array');
      put('empty', []);
      put(
        'too many',
        Array.from({ length: 3000 }, () => node[0]),
      );
      node.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    } else if (node && typeof node === 'object') {
      put('wrong type', 'not-an-object');
      put('extra key', { ...(node as Json), unexpectedKey: 'x' });
      for (const key of Object.keys(node as Json)) {
        probes.push({ label: `${at}: missing ${key}`, value: setAt(valid, [...path, key], undefined, true) });
        walk((node as Json)[key], [...path, key]);
      }
      if (path.length > 0) put('empty object', {});
    } else if (typeof node === 'string') {
      put('wrong type', 42);
      put('empty', '');
      put('blank', '   ');
      put('too long', 'a'.repeat(10_001));
      put('bad pattern', 'not valid!');
      put('control character', `${node}\u0007`);
      put('line break', `${node}\nBcc: x`);
    } else if (typeof node === 'number') {
      put('wrong type', String(node));
      put('too small', -1e12);
      put('too large', 1e12);
      put('fraction', node + 0.5);
    } else if (typeof node === 'boolean') {
      put('wrong type', 'true');
      put('opposite', !node);
    }
  };
  walk(valid, []);
  return probes;
};

const ajvFor = (document: Json) => {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: document.components }, undefined, undefined, false);
  return ajv;
};

/** The JSON Schema of a request body, with the document's `$ref`s rebased onto the added schema. */
const rebase = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));

const bodySchemaOf = (document: Json, path: string, method: string): unknown => {
  const operation = (document.paths as Record<string, Record<string, Json>>)[path]?.[method.toLowerCase()];
  const content = (operation?.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)
    ?.content;
  return content?.['application/json']?.schema;
};

interface Disagreement {
  route: string;
  probe: string;
  zod: boolean;
  document: boolean;
}

/** Probes every JSON body route of a document against the route table's zod schemas. */
const probeAgreement = (document: Json): { probes: number; disagreements: Disagreement[] } => {
  const ajv = ajvFor(document);
  let probes = 0;
  const disagreements: Disagreement[] = [];
  for (const route of routes) {
    if (!route.requestBody) continue;
    const valid = validBodies[route.name];
    if (valid === undefined) throw new Error(`No valid example body for ${route.name}`);
    const validate = ajv.compile(rebase(bodySchemaOf(document, route.path, route.method)) as Json);
    for (const probe of probesOf(valid)) {
      probes += 1;
      const zod = (route.requestBody as z.ZodType).safeParse(probe.value).success;
      const documented = validate(probe.value) as boolean;
      if (zod !== documented)
        disagreements.push({ route: route.name, probe: probe.label, zod, document: documented });
    }
  }
  return { probes, disagreements };
};

const linkToken = `${'a'.repeat(8)}-1.${'b'.repeat(8)}-2.20270.${'c'.repeat(43)}`;

/** A value each path or query parameter takes, by name. */
const validParameters: Record<string, string> = {
  meetingId: 'meeting-1',
  token: linkToken,
  focusGroupId: 'climate',
  code: '0180',
  billingPartyId: 'stockholm-region',
  principalId: 'region',
  year: '2026',
  number: '1001',
  day: '2027-03-01',
  source: 'SCB 2026',
  format: 'csv',
  lang: 'en',
  status: 'waitlisted',
  municipality: '1480',
  role: 'municipal-ecologist',
  q: 'Öström',
  sort: 'name',
  registrationId: 'registration-1',
};

/** Values that break one rule or another of some parameter (absent included, for the query). */
const parameterProbes = (valid: string): (string | undefined)[] => [
  valid,
  undefined,
  '',
  '   ',
  'not valid!',
  `${valid}\u0007`,
  'a'.repeat(300),
  '0180',
  '1999',
  '2100',
  '2101',
  '0',
  '1',
  '1234567890123',
  'json',
  'html',
  'sv',
  'Meeting_1',
  '2027-02-30',
  `${linkToken}x`,
];

type Parameter = { name: string; in: string; required: boolean; schema: unknown };

/** Probes every documented path and query parameter against the schema its handler checks it with. */
const probeParameters = (document: Json): { probes: number; disagreements: Disagreement[] } => {
  const ajv = ajvFor(document);
  let probes = 0;
  const disagreements: Disagreement[] = [];
  for (const route of routes) {
    const operation = (document.paths as Record<string, Record<string, Json>>)[route.path]?.[
      route.method.toLowerCase()
    ];
    for (const parameter of (operation?.parameters ?? []) as Parameter[]) {
      const schema = (parameter.in === 'path' ? route.parameters?.path : route.parameters?.query)?.[
        parameter.name
      ];
      const valid = validParameters[parameter.name];
      if (!schema || valid === undefined)
        throw new Error(`No schema or example for ${route.name} ${parameter.name}`);
      const validate = ajv.compile(rebase(parameter.schema) as Json);
      for (const value of parameterProbes(valid)) {
        // A path parameter is never absent (the route would not match).
        if (value === undefined && parameter.in === 'path') continue;
        probes += 1;
        const zod = schema.safeParse(value).success;
        const documented = value === undefined ? !parameter.required : (validate(value) as boolean);
        if (zod !== documented) {
          disagreements.push({
            route: route.name,
            probe: `${parameter.in} ${parameter.name}=${JSON.stringify(value)}`,
            zod,
            document: documented,
          });
        }
      }
    }
  }
  return { probes, disagreements };
};

describe('the OpenAPI document and the server', () => {
  it('agree on every probe of every JSON request body', () => {
    // Arrange
    const document = openApiDocument();

    // Act
    const { probes, disagreements } = probeAgreement(document);
    // The figures, for the record of how far the two have drifted apart.
    console.info(`${probes} probes, ${disagreements.length} disagreements`, JSON.stringify(disagreements));

    // Assert
    expect(probes).toBeGreaterThan(500);
    expect(disagreements).toEqual([]);
  });

  it('agree on every probe of every path and query parameter', () => {
    // Arrange
    const document = openApiDocument();

    // Act
    const { probes, disagreements } = probeParameters(document);
    console.info(
      `${probes} parameter probes, ${disagreements.length} disagreements`,
      JSON.stringify(disagreements),
    );

    // Assert
    expect(probes).toBeGreaterThan(300);
    expect(disagreements).toEqual([]);
  });

  it('documents every path placeholder with the schema its handler checks it with', () => {
    // Arrange
    const placeholders = routes.flatMap((route) =>
      [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        route: route.name,
        name: match[1] as string,
        route_: route,
      })),
    );

    // Act
    const undocumented = placeholders
      .filter(({ name, route_ }) => route_.parameters?.path?.[name] === undefined)
      .map(({ route, name }) => `${route} ${name}`);

    // Assert
    expect(undocumented).toEqual([]);
  });

  it('accepts each valid example body (the probes start from bodies the server takes)', () => {
    // Arrange
    const bodyRoutes = routes.filter((route) => route.requestBody);

    // Act
    const refused = bodyRoutes.filter(
      (route) => !(route.requestBody as z.ZodType).safeParse(validBodies[route.name]).success,
    );

    // Assert
    expect(refused.map((route) => route.name)).toEqual([]);
  });
});
