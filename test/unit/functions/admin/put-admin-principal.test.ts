import { describe, expect, it } from '@jest/globals';
import type { Principal as StoredPrincipal } from '../../../../domain/invoicing/invoice';
import type { MemberRegistry } from '../../../../domain/ports';
import { Principal } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/put-admin-principal';
import { examplePrincipal } from '../adapters/invoice-fixtures';
import { bodyOf, lambdaContext } from '../http-test-kit';
import {
  adminEvent,
  expectError,
  expectValidationFailure,
  fakePort,
  jsonBody,
  postalAddress,
} from './admin-test-kit';

const aPrincipal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Göteborgsregionen',
  organisationNumber: '222000-1234',
  bankgiro: '123-4567',
  senderEmail: 'faktura@goteborgsregionen.example',
  postalAddress,
  validFrom: '2024-01-01',
  firstInvoiceNumber: 1001,
  ...overrides,
});

const put = (principalId: string, body: unknown) =>
  adminEvent({
    method: 'PUT',
    route: '/api/admin/principals/{principalId}',
    pathParameters: { principalId },
    ...jsonBody(body),
  });

const setUp = (existing: StoredPrincipal[] = []) => {
  const registry = fakePort<MemberRegistry>({
    principals: async () => existing,
    savePrincipal: async () => {},
  });
  return { registry, handler: createHandler(() => ({ registry: registry.port })) };
};

describe('PUT /api/admin/principals/{principalId}', () => {
  it('answers 200 with 30 days to pay by default and stores the principal with PrincipalSaved', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('goteborgsregionen', aPrincipal()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const saved = Principal.parse(bodyOf(response));
    expect(saved).toEqual({ ...aPrincipal(), id: 'goteborgsregionen', paymentTermsDays: 30 });
    expect(registry.callsTo('savePrincipal')).toEqual([
      [saved, { detailType: 'PrincipalSaved', detail: { principalId: 'goteborgsregionen' } }],
    ]);
  });

  it.each([['123-4567'], ['5050-1055']])('accepts the bankgiro number %s', async (bankgiro) => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(put('goteborgsregionen', aPrincipal({ bankgiro })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
  });

  it('answers 200 for a successor that starts the day after the current principal ends', async () => {
    // Arrange
    const { handler, registry } = setUp([{ ...examplePrincipal, validTo: '2026-12-31' }]);

    // Act
    const response = await handler(put('successor', aPrincipal({ validFrom: '2027-01-01' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(registry.callsTo('savePrincipal')).toHaveLength(1);
  });

  it('answers 409 PRINCIPAL_PERIOD_OVERLAP when another principal runs the network then, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp([examplePrincipal]);

    // Act
    const response = await handler(put('successor', aPrincipal({ validFrom: '2027-01-01' })), lambdaContext);

    // Assert
    expectError(response, 409, 'PRINCIPAL_PERIOD_OVERLAP');
    expect(registry.callsTo('savePrincipal')).toEqual([]);
  });

  it('answers 400 naming validTo when the period ends before it starts, storing nothing', async () => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(
      put('goteborgsregionen', aPrincipal({ validFrom: '2024-01-01', validTo: '2023-12-31' })),
      lambdaContext,
    );

    // Assert
    expect(expectValidationFailure(response, 'validTo')).toEqual(['validTo']);
    expect(registry.calls).toEqual([]);
  });

  it.each([['Bad Id'], ['GR'], ['gr_2027'], ['']])(
    'answers 400 naming principalId for the id %j, calling no port',
    async (principalId) => {
      // Arrange
      const { handler, registry } = setUp();

      // Act
      const response = await handler(put(principalId, aPrincipal()), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'principalId')).toEqual(['principalId']);
      expect(registry.calls).toEqual([]);
    },
  );

  it.each([
    ['an unknown key', aPrincipal({ iban: 'SE45 5000 0000 0583 9825 7466' }), 'iban'],
    ['the bankgiro has no dash', aPrincipal({ bankgiro: '1234567' }), 'bankgiro'],
    ['the bankgiro is too long', aPrincipal({ bankgiro: '12345-6789' }), 'bankgiro'],
    ['the bankgiro is a number', aPrincipal({ bankgiro: 1234567 }), 'bankgiro'],
    [
      'the organisation number has no dash',
      aPrincipal({ organisationNumber: '2120001234' }),
      'organisationNumber',
    ],
    [
      'the organisation number is missing',
      aPrincipal({ organisationNumber: undefined }),
      'organisationNumber',
    ],
    [
      'the postal code has four digits',
      aPrincipal({ postalAddress: { ...postalAddress, postalCode: '4143' } }),
      'postalAddress.postalCode',
    ],
    ['the sender e-mail is not one', aPrincipal({ senderEmail: 'faktura@' }), 'senderEmail'],
    ['the start is not a date', aPrincipal({ validFrom: '2024-02-30' }), 'validFrom'],
    ['the first invoice number is zero', aPrincipal({ firstInvoiceNumber: 0 }), 'firstInvoiceNumber'],
    [
      'the first invoice number has decimals',
      aPrincipal({ firstInvoiceNumber: 1001.5 }),
      'firstInvoiceNumber',
    ],
    [
      'the first invoice number is a string',
      aPrincipal({ firstInvoiceNumber: '1001' }),
      'firstInvoiceNumber',
    ],
    ['the terms exceed 120 days', aPrincipal({ paymentTermsDays: 121 }), 'paymentTermsDays'],
    ['the name carries CRLF', aPrincipal({ name: 'GR\r\nBcc: x@example.org' }), 'name'],
    ['example is a string', aPrincipal({ example: 'yes' }), 'example'],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, registry } = setUp();

    // Act
    const response = await handler(put('goteborgsregionen', body), lambdaContext);

    // Assert
    expectValidationFailure(response, path);
    expect(registry.calls).toEqual([]);
  });
});
