import { describe, expect, it } from '@jest/globals';
import type { MemberRegistry } from '../../../../domain/ports';
import { BillingPartyList, MunicipalityList, PrincipalList } from '../../../../functions/http/admin-schemas';
import { createHandler as billingPartiesHandler } from '../../../../functions/http/get-admin-billing-parties';
import { createHandler as municipalitiesHandler } from '../../../../functions/http/get-admin-municipalities';
import { createHandler as principalsHandler } from '../../../../functions/http/get-admin-principals';
import { dalslandInvoice, examplePrincipal } from '../adapters/invoice-fixtures';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, fakePort, postalAddress } from './admin-test-kit';

const federation = dalslandInvoice().billingParty;
const goteborg = {
  code: '1480',
  name: 'Göteborg',
  invoiceEmail: 'faktura@goteborg.example',
  postalAddress,
  memberships: [{ from: '2020-01-01' }],
};

const registryWith = () =>
  fakePort<MemberRegistry>({
    municipalities: async () => [goteborg],
    billingParties: async () => [federation],
    principals: async () => [examplePrincipal],
  });

describe('GET /api/admin/municipalities', () => {
  it('answers 200 with every municipality in the registry', async () => {
    // Arrange
    const registry = registryWith();
    const handler = municipalitiesHandler(() => ({ registry: registry.port }));

    // Act
    const response = await handler(adminEvent({ route: '/api/admin/municipalities' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(MunicipalityList.parse(bodyOf(response))).toEqual({ municipalities: [goteborg] });
    expect(registry.calls.map((call) => call.method)).toEqual(['municipalities']);
  });

  it('answers 200 with an empty list for an empty registry', async () => {
    // Arrange
    const registry = fakePort<MemberRegistry>({ municipalities: async () => [] });
    const handler = municipalitiesHandler(() => ({ registry: registry.port }));

    // Act
    const response = await handler(adminEvent({ route: '/api/admin/municipalities' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ municipalities: [] });
  });
});

describe('GET /api/admin/billing-parties', () => {
  it('answers 200 with every registered billing party', async () => {
    // Arrange
    const registry = registryWith();
    const handler = billingPartiesHandler(() => ({ registry: registry.port }));

    // Act
    const response = await handler(adminEvent({ route: '/api/admin/billing-parties' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(BillingPartyList.parse(bodyOf(response))).toEqual({ billingParties: [federation] });
    expect(registry.calls.map((call) => call.method)).toEqual(['billingParties']);
  });
});

describe('GET /api/admin/principals', () => {
  it('answers 200 with every principal', async () => {
    // Arrange
    const registry = registryWith();
    const handler = principalsHandler(() => ({ registry: registry.port }));

    // Act
    const response = await handler(adminEvent({ route: '/api/admin/principals' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(PrincipalList.parse(bodyOf(response))).toEqual({ principals: [examplePrincipal] });
    expect(registry.calls.map((call) => call.method)).toEqual(['principals']);
  });
});
