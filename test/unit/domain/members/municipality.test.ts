import { describe, expect, it } from '@jest/globals';
import { isMemberOn, type Municipality } from '../../../../domain/members/municipality';
import { municipalities } from '../../../fixtures/builders';

const withPeriods = (...memberships: Municipality['memberships']): Municipality => ({
  code: '1480',
  name: 'Göteborg',
  memberships,
});

describe('isMemberOn', () => {
  it.each([
    ['2023-06-30', false],
    ['2023-07-01', true],
    ['2040-01-01', true],
  ])('with an open period from 2023-07-01, on %s is %s', (date, expected) => {
    // Arrange
    const municipality = withPeriods({ from: '2023-07-01' });

    // Act
    const member = isMemberOn(municipality, date);

    // Assert
    expect(member).toBe(expected);
  });

  it.each([
    ['2022-12-31', false],
    ['2023-01-01', true],
    ['2024-12-31', true],
    ['2025-01-01', false],
  ])('with a closed period 2023-01-01 to 2024-12-31 (last day), on %s is %s', (date, expected) => {
    // Arrange
    const municipality = withPeriods({ from: '2023-01-01', to: '2024-12-31' });

    // Act
    const member = isMemberOn(municipality, date);

    // Assert
    expect(member).toBe(expected);
  });

  it.each([
    ['2021-12-31', true],
    ['2022-06-01', false],
    ['2023-01-01', true],
  ])('with a gap between two periods, on %s is %s', (date, expected) => {
    // Arrange
    const municipality = withPeriods({ from: '2020-01-01', to: '2021-12-31' }, { from: '2023-01-01' });

    // Act
    const member = isMemberOn(municipality, date);

    // Assert
    expect(member).toBe(expected);
  });

  it('is never true without any period', () => {
    // Arrange
    const municipality = withPeriods();

    // Act
    const member = isMemberOn(municipality, '2023-07-01');

    // Assert
    expect(member).toBe(false);
  });

  it('counts 38 members in the demo data before Herrljunga joined and 39 after', () => {
    // Arrange
    const all = municipalities();

    // Act
    const before = all.filter((m) => isMemberOn(m, '2023-06-30')).map((m) => m.code);
    const after = all.filter((m) => isMemberOn(m, '2023-07-01')).map((m) => m.code);

    // Assert
    expect(all).toHaveLength(49);
    expect(before).toHaveLength(38);
    expect(after).toHaveLength(39);
    expect(after.filter((code) => !before.includes(code))).toEqual(['1466']);
    expect(after).not.toContain('1419');
  });
});
