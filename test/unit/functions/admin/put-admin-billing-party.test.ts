import { describe, expect, it } from '@jest/globals';
import type { MemberRegistry } from '../../../../domain/ports';
import { BillingParty } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/put-admin-billing-party';
import { bodyOf, lambdaContext } from '../http-test-kit';
import {
  adminEvent,
  expectError,
  expectValidationFailure,
  fakePort,
  jsonBody,
  postalAddress,
} from './admin-test-kit';

const aBillingParty = (overrides: Record<string, unknown> = {}) => ({
  name: 'Dalslands miljö- och energiförbund',
  organisationNumber: '222000-0877',
  invoiceEmail: 'ekonomi@dalsland.example',
  postalAddress,
  peppolId: '0007:2220000877',
  ...overrides,
});

const put = (billingPartyId: string, body: unknown) =>
  adminEvent({
    method: 'PUT',
    route: '/api/admin/billing-parties/{billingPartyId}',
    pathParameters: { billingPartyId },
    ...jsonBody(body),
  });

const setUp = () => {
  const registry = fakePort<MemberRegistry>({ saveBillingParty: async () => {} });
  return { registry, handler: createHandler(() => ({ registry: registry.port })) };
};

describe('PUT /api/admin/billing-parties/{billingPartyId}', () => {
  it('answers 200 with the party under the id of the path and stores it with BillingPartySaved', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('dalslands-miljo-och-energiforbund', aBillingParty()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const saved = BillingParty.parse(bodyOf(response));
    expect(saved).toEqual({ ...aBillingParty(), id: 'dalslands-miljo-och-energiforbund' });
    expect(registry.callsTo('saveBillingParty')).toEqual([
      [
        saved,
        { detailType: 'BillingPartySaved', detail: { billingPartyId: 'dalslands-miljo-och-energiforbund' } },
      ],
    ]);
  });

  it.each([['Bad Id'], ['bad_id'], ['-leading-dash'], ['double--dash'], ['Dalsland'], ['a'.repeat(65)]])(
    'answers 400 naming billingPartyId for the id %j, calling no port',
    async (billingPartyId) => {
      // Arrange
      const { handler, registry } = setUp();

      // Act
      const response = await handler(put(billingPartyId, aBillingParty()), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'billingPartyId')).toEqual(['billingPartyId']);
      expect(registry.calls).toEqual([]);
    },
  );

  it.each([
    ['an unknown key', aBillingParty({ members: ['1438'] }), 'members'],
    ['the invoice e-mail is missing', aBillingParty({ invoiceEmail: undefined }), 'invoiceEmail'],
    ['the address is missing', aBillingParty({ postalAddress: undefined }), 'postalAddress'],
    ['the address is a string', aBillingParty({ postalAddress: 'Box 78, 464 22 Mellerud' }), 'postalAddress'],
    [
      'the postal code has four digits',
      aBillingParty({ postalAddress: { ...postalAddress, postalCode: '4143' } }),
      'postalAddress.postalCode',
    ],
    [
      'the city carries CRLF',
      aBillingParty({ postalAddress: { ...postalAddress, city: 'Mellerud\r\nX' } }),
      'postalAddress.city',
    ],
    [
      'the organisation number has no dash',
      aBillingParty({ organisationNumber: '2120001234' }),
      'organisationNumber',
    ],
    ['the name is an array', aBillingParty({ name: ['Dalsland'] }), 'name'],
    ['the name carries CRLF', aBillingParty({ name: 'Dalsland\r\nBcc: x@example.org' }), 'name'],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('dalsland', body), lambdaContext);

    // Assert
    expectValidationFailure(response, path);
    expect(registry.calls).toEqual([]);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body sent as text/plain, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp();
    const event = { ...put('dalsland', aBillingParty()), headers: { 'content-type': 'text/plain' } };

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(registry.calls).toEqual([]);
  });
});
