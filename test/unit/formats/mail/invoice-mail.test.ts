import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatKronor, formatWholeNumber } from '../../../../formats/mail/format-kronor';
import { invoiceMail } from '../../../../formats/mail/invoice-mail';
import {
  dalslandCreditNote,
  dalslandInvoice,
  examplePrincipal,
} from '../../functions/adapters/invoice-fixtures';

describe('formatKronor', () => {
  it.each([
    [0, '0,00 kr'],
    [5, '0,05 kr'],
    [100, '1,00 kr'],
    [123_456_789, '1 234 567,89 kr'],
    [-1_381_800, '-13 818,00 kr'],
    [1_381_800, '13 818,00 kr'],
    [-5, '-0,05 kr'],
    [99_999, '999,99 kr'],
    [100_000, '1 000,00 kr'],
    [Number.MAX_SAFE_INTEGER, '90 071 992 547 409,91 kr'],
  ])('formats %i öre as "%s"', (ore, expected) => {
    expect(formatKronor(ore)).toBe(expected);
  });

  it('never prints "-0"', () => {
    expect(formatKronor(-0)).toBe('0,00 kr');
  });

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses %d, which is not whole öre',
    (ore) => {
      expect(() => formatKronor(ore)).toThrow(RangeError);
    },
  );

  it('keeps every öre: reading the text back gives the amount', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ore) => {
        const text = formatKronor(ore);
        expect(text).toMatch(/^-?\d{1,3}( \d{3})*,\d{2} kr$/);
        expect(BigInt(text.replace(/[ ,]|kr/g, ''))).toBe(BigInt(ore));
      }),
    );
  });
});

describe('formatWholeNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [9138, '9 138'],
    [1_234_567, '1 234 567'],
    [-12_006, '-12 006'],
  ])('formats %i as "%s"', (value, expected) => {
    expect(formatWholeNumber(value)).toBe(expected);
  });
});

describe('invoiceMail', () => {
  it('sends the invoice to the billing party with a Swedish subject', () => {
    // Act
    const mail = invoiceMail(dalslandInvoice());

    // Assert
    expect(mail.to).toBe('ekonomi@dalsland.example');
    expect(mail.subject).toBe('Faktura 1042 – årsavgift 2024, Kommunnätverket för hållbar utveckling');
    expect(mail.attachmentName).toBe('faktura-1042.pdf');
  });

  it('tells what to pay, by when, to which bankgiro and with which OCR number', () => {
    // Act
    const { text, html } = invoiceMail(dalslandInvoice());

    // Assert
    for (const body of [text, html]) {
      expect(body).toContain('1042');
      expect(body).toContain('50 726,25 kr');
      expect(body).toContain('2024-03-02');
      expect(body).toContain('10421');
      expect(body).toContain('123-4567');
      expect(body).toContain('Göteborgsregionen');
      expect(body).toContain('Org.nr 222000-1234');
      expect(body).toContain('faktura@goteborgsregionen.example');
    }
    expect(text).toContain(
      'Att betala: 50 726,25 kr\nFörfallodatum: 2024-03-02\nBankgiro: 123-4567\nOCR-nummer: 10421',
    );
    expect(text).toContain('Betala till bankgiro 123-4567 senast 2024-03-02 och ange OCR-nummer 10421.');
    expect(text).toContain('Fakturan finns som PDF i bilagan.');
    expect(html).toContain(
      '<tr><th scope="row" style="text-align:left;padding-right:1em">Att betala</th><td>50 726,25 kr</td></tr>',
    );
    expect(html).toMatch(/^<!doctype html><html lang="sv">/);
  });

  it('names a credit note and the invoice it cancels, and asks for no payment', () => {
    // Act
    const mail = invoiceMail(dalslandCreditNote());

    // Assert
    expect(mail.subject).toBe('Kreditfaktura 1050 – årsavgift 2024, Kommunnätverket för hållbar utveckling');
    expect(mail.attachmentName).toBe('kreditfaktura-1050.pdf');
    expect(mail.text).toContain('Kreditfakturanummer: 1050\nAvser faktura nr: 1042');
    expect(mail.text).toContain('Belopp: -50 726,25 kr');
    expect(mail.text).toContain('Kreditfakturan ersätter faktura 1042. Ingen betalning ska göras.');
    expect(mail.text).toContain('Kreditfakturan finns som PDF i bilagan.');
    expect(mail.text).not.toContain('OCR');
    expect(mail.html).toContain('Ingen betalning ska göras.');
  });

  it('escapes every value in the HTML', () => {
    // Arrange
    const hostile = '<script>alert("x")</script> & Co';
    const invoice = dalslandInvoice({
      ocr: '<b>1</b>',
      principal: {
        ...examplePrincipal,
        name: hostile,
        bankgiro: '"><img src=x>',
        senderEmail: "x'@example.org",
        organisationNumber: '<i>',
        postalAddress: { street: '<street>', postalCode: '<pc>', city: '<city>' },
      },
    });

    // Act
    const { html, text } = invoiceMail(invoice);

    // Assert
    expect(html).not.toMatch(/<(script|img|b|i|street|pc|city)\b/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
    expect(html).toContain('x&#39;@example.org');
    expect(text).toContain(hostile); // plain text is not markup
  });

  it('keeps the subject on one line', () => {
    // Arrange: numbers come from storage; a corrupt one must still not open a header line.
    const invoice = dalslandInvoice({ number: '7\r\nBcc: everyone@example.org' as unknown as number });

    // Act
    const { subject } = invoiceMail(invoice);

    // Assert
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe(
      'Faktura 7 Bcc: everyone@example.org – årsavgift 2024, Kommunnätverket för hållbar utveckling',
    );
  });
});
