import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isValidOcr, ocrReference } from '../../../../domain/invoicing/ocr';

describe('ocrReference', () => {
  it('appends the length digit and the Luhn check digit to invoice 12345', () => {
    // Act
    const reference = ocrReference(12345);

    // Assert
    // 5 digits + length digit + check digit = 7 → length digit 7; body 123457.
    // Luhn from the right, weights 2,1,2,…: 7·2=14→1+4=5, 5·1=5, 4·2=8, 3·1=3, 2·2=4, 1·1=1;
    // sum 26 → check digit 10 − 6 = 4.
    expect(reference).toBe('1234574');
  });

  it('builds the reference of invoice 2024001', () => {
    // Act
    const reference = ocrReference(2024001);

    // Assert
    // 7 + 2 = 9 digits → length digit 9; body 20240019.
    // From the right: 9·2=18→9, 1, 0·2=0, 0, 4·2=8, 2, 0·2=0, 2; sum 22 → check digit 8.
    expect(reference).toBe('202400198');
  });

  it('keeps only the last digit of a length of 10', () => {
    // Act
    const reference = ocrReference(12345678);

    // Assert
    // 8 + 2 = 10 digits → length digit 0; body 123456780.
    // From the right: 0·2=0, 8, 7·2=14→5, 6, 5·2=10→1, 4, 3·2=6, 2, 1·2=2; sum 34 → check digit 6.
    expect(reference).toBe('1234567806');
  });

  it('agrees with an independent implementation (banktools-se: 123 → 12351)', () => {
    // Act
    const reference = ocrReference(123);

    // Assert
    expect(reference).toBe('12351');
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('refuses invoice number %d', (invoiceNumber) => {
    // Act
    const act = () => ocrReference(invoiceNumber);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('always gives a valid reference that starts with the invoice number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (invoiceNumber) => {
        // Act
        const reference = ocrReference(invoiceNumber);

        // Assert
        expect(isValidOcr(reference)).toBe(true);
        expect(reference.slice(0, -2)).toBe(String(invoiceNumber));
      }),
    );
  });
});

describe('isValidOcr', () => {
  it.each(['1234574', '202400198', '1234567806', '12351', '26'])('accepts %s', (reference) => {
    // Act
    const valid = isValidOcr(reference);

    // Assert
    expect(valid).toBe(true);
  });

  it('accepts the longest reference, 25 digits', () => {
    // Arrange
    // Body: 23 ones, then length digit 5. From the right: 5·2=10→1; the ones weigh 1 (12 of them)
    // and 2 (11 of them): 12 + 22 = 34; sum 35 → check digit 5.
    const reference = `${'1'.repeat(23)}55`;

    // Act
    const valid = isValidOcr(reference);

    // Assert
    expect(valid).toBe(true);
  });

  it('rejects 26 digits even with a fitting length and check digit', () => {
    // Arrange
    // Body: 24 ones, then length digit 6. From the right: 6·2=12→3; ones weigh 1 (12) and 2 (12):
    // 12 + 24 = 36; sum 39 → check digit 1.
    const reference = `${'1'.repeat(24)}61`;

    // Act
    const valid = isValidOcr(reference);

    // Assert
    expect(valid).toBe(false);
  });

  it('rejects a changed digit', () => {
    // Act
    const valid = isValidOcr('1334574'); // 1234574 with the second digit changed

    // Assert
    expect(valid).toBe(false);
  });

  it('rejects a wrong length digit even when the check digit fits it', () => {
    // Arrange
    // Body 123458 (length digit 8 on a 7-digit reference): 8·2=16→7, 5, 4·2=8, 3, 2·2=4, 1;
    // sum 28 → check digit 2, so 1234582 passes Luhn but not the length control.
    const reference = '1234582';

    // Act
    const valid = isValidOcr(reference);

    // Assert
    expect(valid).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['one digit', '0'],
    ['spaces', '12345 74'],
    ['letters', '12345a4'],
  ])('rejects %s', (_, reference) => {
    // Act
    const valid = isValidOcr(reference);

    // Assert
    expect(valid).toBe(false);
  });

  it('rejects every single changed digit of a valid reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (invoiceNumber, position, shift) => {
          // Arrange
          const reference = ocrReference(invoiceNumber);
          const at = position % reference.length;
          const changed = (Number(reference[at]) + shift) % 10;
          const typo = `${reference.slice(0, at)}${changed}${reference.slice(at + 1)}`;

          // Act
          const valid = isValidOcr(typo);

          // Assert
          expect(valid).toBe(false);
        },
      ),
    );
  });
});
