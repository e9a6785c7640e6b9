import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError } from '../../../domain/errors';
import type { Principal } from '../../../domain/invoicing/invoice';
import { saveBillingParty, saveMunicipality, savePrincipal } from '../../../domain/members/maintain-members';
import { dynamoDbWorld, FEDERATION, federation, principal } from './dynamodb-world';

const NOW = '2025-03-01T10:00:00Z';

describe('saveMunicipality', () => {
  it('stores the municipality with its periods in date order, and MunicipalitySaved', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const saved = await saveMunicipality(world.registry, {
      code: '1461',
      name: 'Mellerud',
      memberships: [{ from: '2021-01-01' }, { from: '2010-01-01', to: '2019-12-31' }],
    });

    // Assert
    const expected = {
      code: '1461',
      name: 'Mellerud',
      memberships: [{ from: '2010-01-01', to: '2019-12-31' }, { from: '2021-01-01' }],
    };
    expect(saved).toEqual(expected);
    expect(await world.registry.municipalities()).toEqual([expected]);
    expect(await world.storedEvents('MunicipalitySaved')).toEqual([{ municipalityCode: '1461' }]);
  });

  it.each([
    [
      'an open period followed by a later one',
      [{ from: '2010-01-01' }, { from: '2020-01-01', to: '2020-12-31' }],
      'memberships.1.from',
    ],
    [
      'a period starting on the last day of the one before',
      [
        { from: '2010-01-01', to: '2015-06-30' },
        { from: '2015-06-30', to: '2016-12-31' },
      ],
      'memberships.1.from',
    ],
    ['a period that ends before it starts', [{ from: '2010-01-01', to: '2009-12-31' }], 'memberships.0.to'],
    // Out of date order: the path names the period as the client sent it, not its place once sorted.
    [
      'overlapping periods sent out of date order',
      [{ from: '2015-01-01' }, { from: '2010-01-01', to: '2016-12-31' }],
      'memberships.0.from',
    ],
    [
      'a backwards period sent after a later one',
      [{ from: '2020-01-01' }, { from: '2010-01-01', to: '2009-12-31' }],
      'memberships.1.to',
    ],
  ])(
    'rejects %s with VALIDATION_FAILED at the offending path and stores nothing',
    async (_l, memberships, path) => {
      // Arrange
      const world = await dynamoDbWorld(NOW);

      // Act
      const attempt = saveMunicipality(world.registry, { code: '1480', name: 'Göteborg', memberships });

      // Assert
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path }] });
      expect(await world.registry.municipalities()).toEqual([]);
      expect(await world.storedEvents('MunicipalitySaved')).toEqual([]);
    },
  );

  it('accepts a period that starts the day after the previous one ended', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    const memberships = [{ from: '2010-01-01', to: '2015-06-30' }, { from: '2015-07-01' }];

    // Act
    const saved = await saveMunicipality(world.registry, { code: '1480', name: 'Göteborg', memberships });

    // Assert
    expect(saved.memberships).toEqual(memberships);
  });

  it('refuses an unknown billing party with BILLING_PARTY_NOT_FOUND and stores nothing', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const attempt = saveMunicipality(world.registry, {
      code: '1461',
      name: 'Mellerud',
      memberships: [{ from: '2010-01-01' }],
      billingPartyId: FEDERATION,
    });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'BILLING_PARTY_NOT_FOUND' });
    expect(await world.registry.municipalities()).toEqual([]);
    expect(await world.storedEvents('MunicipalitySaved')).toEqual([]);
  });

  it('saves a member paid for by a billing party that exists', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await saveBillingParty(world.registry, federation);

    // Act
    await saveMunicipality(world.registry, {
      code: '1461',
      name: 'Mellerud',
      memberships: [{ from: '2010-01-01' }],
      billingPartyId: FEDERATION,
    });

    // Assert
    expect((await world.registry.municipalities())[0]?.billingPartyId).toBe(FEDERATION);
    expect(await world.storedEvents('BillingPartySaved')).toEqual([{ billingPartyId: FEDERATION }]);
    expect(await world.storedEvents('MunicipalitySaved')).toEqual([{ municipalityCode: '1461' }]);
  });
});

describe('savePrincipal', () => {
  const successor: Principal = {
    ...principal,
    id: 'successor',
    name: 'Efterträdare',
    validFrom: '2027-01-01',
    firstInvoiceNumber: 2027001,
  };

  it('refuses a period that overlaps another principal’s with PRINCIPAL_PERIOD_OVERLAP, storing nothing', async () => {
    // Arrange: the current principal runs from 2024 with no end.
    const world = await dynamoDbWorld(NOW);
    await savePrincipal(world.registry, principal);

    // Act
    const attempt = savePrincipal(world.registry, successor);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'PRINCIPAL_PERIOD_OVERLAP' });
    expect((await world.registry.principals()).map((p) => p.id)).toEqual([principal.id]);
    expect(await world.storedEvents('PrincipalSaved')).toEqual([{ principalId: principal.id }]);
  });

  it('accepts the successor once the current principal’s period ends the day before', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await savePrincipal(world.registry, principal);
    const ended = { ...principal, validTo: '2026-12-31' };

    // Act: re-saving a principal never clashes with itself.
    await savePrincipal(world.registry, ended);
    await savePrincipal(world.registry, successor);

    // Assert
    expect(await world.registry.principals()).toEqual([ended, successor]);
    expect(await world.storedEvents('PrincipalSaved')).toHaveLength(3);
  });

  it('refuses a period that ends before it starts, at path validTo', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const attempt = savePrincipal(world.registry, { ...principal, validTo: '2023-12-31' });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'validTo' }] });
    expect(await world.registry.principals()).toEqual([]);
  });
});
