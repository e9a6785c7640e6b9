import { describe, expect, it } from '@jest/globals';
import type { BillingParty } from '../../../../domain/invoicing/invoice';
import type { MemberRegistry } from '../../../../domain/ports';
import { Municipality } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/put-admin-municipality';
import { bodyOf, lambdaContext } from '../http-test-kit';
import {
  adminEvent,
  expectError,
  expectValidationFailure,
  fakePort,
  jsonBody,
  postalAddress,
} from './admin-test-kit';

const federation: BillingParty = {
  id: 'dalslands-miljo-och-energiforbund',
  name: 'Dalslands miljö- och energiförbund',
  invoiceEmail: 'ekonomi@dalsland.example',
  postalAddress: { street: 'Box 78', postalCode: '464 22', city: 'Mellerud' },
};

const aMunicipality = (overrides: Record<string, unknown> = {}) => ({
  name: 'Göteborg',
  legalName: 'Göteborgs Stad',
  organisationNumber: '212000-1355',
  invoiceEmail: 'faktura@goteborg.example',
  postalAddress,
  memberships: [{ from: '2020-01-01' }],
  ...overrides,
});

const put = (code: string, body: unknown) =>
  adminEvent({
    method: 'PUT',
    route: '/api/admin/municipalities/{code}',
    pathParameters: { code },
    ...jsonBody(body),
  });

const setUp = () => {
  const registry = fakePort<MemberRegistry>({
    billingParty: async (id) => (id === federation.id ? federation : undefined),
    saveMunicipality: async () => {},
  });
  return { registry, handler: createHandler(() => ({ registry: registry.port })) };
};

describe('PUT /api/admin/municipalities/{code}', () => {
  it('answers 200 with the municipality under the code of the path and stores it with MunicipalitySaved', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('1480', aMunicipality({ name: '  Göteborg  ' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const saved = Municipality.parse(bodyOf(response));
    expect(saved).toEqual({ ...aMunicipality(), code: '1480' });
    expect(registry.callsTo('saveMunicipality')).toEqual([
      [saved, { detailType: 'MunicipalitySaved', detail: { municipalityCode: '1480' } }],
    ]);
  });

  it('answers 200 for a member paid for by a registered billing party', async () => {
    // Arrange
    const { handler, registry } = setUp();
    const body = { name: 'Dals-Ed', memberships: [{ from: '2020-01-01' }], billingPartyId: federation.id };

    // Act
    const response = await handler(put('1438', body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(registry.callsTo('billingParty')).toEqual([[federation.id]]);
    expect(registry.callsTo('saveMunicipality')).toHaveLength(1);
  });

  it.each([['414 63'], ['41463']])('accepts the postal code %s', async (postalCode) => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(
      put('1480', aMunicipality({ postalAddress: { ...postalAddress, postalCode } })),
      lambdaContext,
    );

    // Assert
    expect(response.statusCode).toBe(200);
  });

  it('answers 404 BILLING_PARTY_NOT_FOUND for an unknown billing party, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(
      put('1438', aMunicipality({ billingPartyId: 'no-such-party' })),
      lambdaContext,
    );

    // Assert
    expectError(response, 404, 'BILLING_PARTY_NOT_FOUND');
    expect(registry.callsTo('saveMunicipality')).toEqual([]);
  });

  it.each([['148'], ['14800'], ['14a0'], ['1480 ']])(
    'answers 400 naming the path parameter for the code %j, calling no port',
    async (code) => {
      // Arrange
      const { handler, registry } = setUp();

      // Act
      const response = await handler(put(code, aMunicipality()), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'code')).toEqual(['code']);
      expect(registry.calls).toEqual([]);
    },
  );

  it.each([
    ['an unknown key', aMunicipality({ population: 600_000 }), 'population'],
    [
      'an unknown key in the address',
      aMunicipality({ postalAddress: { ...postalAddress, country: 'SE' } }),
      'postalAddress.country',
    ],
    ['the name is a number', aMunicipality({ name: 42 }), 'name'],
    ['the name is blank', aMunicipality({ name: '   ' }), 'name'],
    ['the name carries CRLF', aMunicipality({ name: 'Göteborg\r\nBcc: x@example.org' }), 'name'],
    ['the legal name carries a line break', aMunicipality({ legalName: 'Göteborgs\nStad' }), 'legalName'],
    [
      'the organisation number has no dash',
      aMunicipality({ organisationNumber: '2120001355' }),
      'organisationNumber',
    ],
    [
      'the postal code has four digits',
      aMunicipality({ postalAddress: { ...postalAddress, postalCode: '4143' } }),
      'postalAddress.postalCode',
    ],
    ['the invoice e-mail is not one', aMunicipality({ invoiceEmail: 'faktura at goteborg' }), 'invoiceEmail'],
    [
      'the billing party id is not kebab-case',
      aMunicipality({ billingPartyId: 'Dalsland Förbund' }),
      'billingPartyId',
    ],
    ['memberships are missing', aMunicipality({ memberships: undefined }), 'memberships'],
    ['memberships is an object', aMunicipality({ memberships: { from: '2020-01-01' } }), 'memberships'],
    [
      'a membership start is not a date',
      aMunicipality({ memberships: [{ from: '2020-13-01' }] }),
      'memberships.0.from',
    ],
    [
      'a membership has an unknown key',
      aMunicipality({ memberships: [{ from: '2020-01-01', until: '2021-01-01' }] }),
      'memberships.0.until',
    ],
    [
      'a membership ends before it starts',
      aMunicipality({ memberships: [{ from: '2021-01-01', to: '2020-12-31' }] }),
      'memberships.0.to',
    ],
    [
      'two memberships overlap',
      aMunicipality({ memberships: [{ from: '2010-01-01', to: '2020-06-30' }, { from: '2020-01-01' }] }),
      'memberships.1.from',
    ],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('1480', body), lambdaContext);

    // Assert
    expectValidationFailure(response, path);
    expect(registry.callsTo('saveMunicipality')).toEqual([]);
  });

  it('answers 400 with an issue on the whole body when it is not JSON', async () => {
    // Arrange
    const { handler, registry } = setUp();
    const event = adminEvent({
      method: 'PUT',
      route: '/api/admin/municipalities/{code}',
      pathParameters: { code: '1480' },
      headers: { 'content-type': 'application/json' },
      body: '{"name": "Göteborg",',
    });

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expect(expectValidationFailure(response, '')).toEqual(['']);
    expect(registry.calls).toEqual([]);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a form post, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp();
    const event = {
      ...put('1480', aMunicipality()),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(registry.calls).toEqual([]);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 16 KB, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(
      put('1480', aMunicipality({ legalName: 'x'.repeat(17 * 1024) })),
      lambdaContext,
    );

    // Assert
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(registry.calls).toEqual([]);
  });
});

describe('PUT /api/admin/municipalities/{code}: membership issues name the period as sent', () => {
  it.each([
    [
      'an inverted period sent second',
      [
        { from: '2020-01-01', to: '2021-12-31' },
        { from: '2010-01-01', to: '2005-01-01' },
      ],
      'memberships.1.to',
    ],
    [
      'an open period sent first that a later-sent one overlaps',
      [{ from: '2020-01-01' }, { from: '2010-01-01', to: '2020-06-01' }],
      'memberships.0.from',
    ],
  ])('points at %s', async (_label, memberships, path) => {
    // Arrange
    const { handler, registry } = setUp();
    // Act
    const response = await handler(put('1480', aMunicipality({ memberships })), lambdaContext);
    // Assert
    expectValidationFailure(response, path);
    expect(registry.calls.filter((call) => call.method === 'saveMunicipality')).toEqual([]);
  });
});
