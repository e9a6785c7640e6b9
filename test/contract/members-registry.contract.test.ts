import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import type { BillingParty, Principal } from '../../domain/invoicing/invoice';
import type { Municipality } from '../../domain/members/municipality';
import { DynamoDbMemberRegistry } from '../../functions/adapters/dynamodb-member-registry';
import { EVENT_ITEM_TYPE, GSI1, gsi1 } from '../../functions/adapters/table-design';
import { fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

/**
 * The MemberRegistry port on DynamoDB Local: municipalities, billing parties and principals come
 * back as saved, lists hold each once however often it is saved, and every save stores its event.
 */
const NOW = '2025-01-02T09:00:00Z';

const aRegistry = async () => {
  const table = await freshTable('members-registry');
  const registry = new DynamoDbMemberRegistry(
    table.client,
    table.tableName,
    fixedClock(NOW),
    sequentialIds('event'),
  );
  const storedEvents = async (detailType: string) => {
    const { Items = [] } = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':pk': gsi1.eventsOfYear(NOW.slice(0, 4)), ':type': EVENT_ITEM_TYPE },
      }),
    );
    return Items.filter((item) => item.detailType === detailType).map(
      (item) => JSON.parse(String(item.detail)) as Record<string, unknown>,
    );
  };
  return { registry, storedEvents };
};

const address = (city: string) => ({ street: 'Exempelgatan 1', postalCode: '400 00', city });

const goteborg: Municipality = {
  code: '1480',
  name: 'Göteborg',
  legalName: 'Göteborgs Stad',
  memberships: [{ from: '2010-01-01' }],
  organisationNumber: '212000-1355',
  invoiceEmail: 'faktura@goteborg.example',
  postalAddress: address('Göteborg'),
};

const mellerud: Municipality = {
  code: '1461',
  name: 'Mellerud',
  memberships: [{ from: '2010-01-01', to: '2019-12-31' }, { from: '2021-01-01' }],
  billingPartyId: 'dalslands-miljo-och-energiforbund',
};

const federation: BillingParty = {
  id: 'dalslands-miljo-och-energiforbund',
  name: 'Dalslands miljö- och energiförbund',
  organisationNumber: '222000-0000',
  invoiceEmail: 'faktura@forbund.example',
  postalAddress: address('Bengtsfors'),
  peppolId: '0007:2220000000',
};

const aPrincipal = (overrides: Partial<Principal> = {}): Principal => ({
  id: 'goteborgsregionen',
  name: 'Göteborgsregionen',
  organisationNumber: '222000-1354',
  bankgiro: '123-4567',
  senderEmail: 'natverket@goteborgsregionen.example',
  postalAddress: address('Göteborg'),
  validFrom: '2024-01-01',
  firstInvoiceNumber: 2024001,
  paymentTermsDays: 30,
  ...overrides,
});

describe('DynamoDbMemberRegistry', () => {
  it('lists saved municipalities with all their details, each once, and stores MunicipalitySaved per save', async () => {
    // Arrange
    const { registry, storedEvents } = await aRegistry();
    const before = await registry.municipalities();

    // Act
    await registry.saveMunicipality(goteborg, {
      detailType: 'MunicipalitySaved',
      detail: { municipalityCode: '1480' },
    });
    await registry.saveMunicipality(mellerud, {
      detailType: 'MunicipalitySaved',
      detail: { municipalityCode: '1461' },
    });
    const renamed = { ...goteborg, invoiceEmail: 'ny-faktura@goteborg.example' };
    await registry.saveMunicipality(renamed, {
      detailType: 'MunicipalitySaved',
      detail: { municipalityCode: '1480' },
    });

    // Assert
    expect(before).toEqual([]);
    expect(await registry.municipalities()).toEqual([mellerud, renamed]);
    expect((await registry.municipality('1461'))?.memberships).toEqual(mellerud.memberships);
    expect(await registry.municipality('1466')).toBeUndefined();
    const events = await storedEvents('MunicipalitySaved');
    expect(events).toHaveLength(3);
    expect(events.map((event) => event.municipalityCode).sort()).toEqual(['1461', '1480', '1480']);
  });

  it('returns a saved billing party by id and in the list, and stores BillingPartySaved', async () => {
    // Arrange
    const { registry, storedEvents } = await aRegistry();
    const other: BillingParty = {
      id: 'annat-forbund',
      name: 'Annat förbund',
      invoiceEmail: 'faktura@annat.example',
      postalAddress: address('Vänersborg'),
    };

    // Act
    await registry.saveBillingParty(federation, {
      detailType: 'BillingPartySaved',
      detail: { billingPartyId: federation.id },
    });
    await registry.saveBillingParty(other, {
      detailType: 'BillingPartySaved',
      detail: { billingPartyId: other.id },
    });

    // Assert
    expect(await registry.billingParty(federation.id)).toEqual(federation);
    expect(await registry.billingParty('unknown')).toBeUndefined();
    expect(await registry.billingParties()).toEqual([other, federation]);
    expect(await storedEvents('BillingPartySaved')).toEqual(
      expect.arrayContaining([{ billingPartyId: federation.id }, { billingPartyId: other.id }]),
    );
    expect(await storedEvents('BillingPartySaved')).toHaveLength(2);
  });

  it('lists principals in order of their periods, a re-saved one once, and stores PrincipalSaved per save', async () => {
    // Arrange
    const { registry, storedEvents } = await aRegistry();
    const earlier = aPrincipal({
      id: 'fyrbodal',
      name: 'Fyrbodals kommunalförbund',
      validFrom: '2020-01-01',
      validTo: '2023-12-31',
      firstInvoiceNumber: 2020001,
      example: true,
    });
    const current = aPrincipal();

    // Act
    await registry.savePrincipal(current, {
      detailType: 'PrincipalSaved',
      detail: { principalId: current.id },
    });
    await registry.savePrincipal(earlier, {
      detailType: 'PrincipalSaved',
      detail: { principalId: earlier.id },
    });
    const extended = { ...current, paymentTermsDays: 45 };
    await registry.savePrincipal(extended, {
      detailType: 'PrincipalSaved',
      detail: { principalId: current.id },
    });

    // Assert
    expect(await registry.principals()).toEqual([earlier, extended]);
    const events = await storedEvents('PrincipalSaved');
    expect(events).toHaveLength(3);
    expect(events.map((event) => event.principalId).sort()).toEqual([
      'fyrbodal',
      'goteborgsregionen',
      'goteborgsregionen',
    ]);
  });
});
