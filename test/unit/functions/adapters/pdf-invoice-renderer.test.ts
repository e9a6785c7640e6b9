import { describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { formatKronor, renderInvoicePdf } from '../../../../functions/adapters/pdf-invoice-renderer';
import {
  dalslandCreditNote,
  dalslandInvoice,
  FORTY_MUNICIPALITIES,
  fortyLineInvoice,
} from './invoice-fixtures';

/** The text of each page, as a PDF reader extracts it. */
const pagesOf = async (bytes: Uint8Array): Promise<string[]> => {
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  const pdf = await getDocumentProxy(bytes.slice());
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
};

describe('renderInvoicePdf', () => {
  it('prints the invoice facts, every municipality and the total of the Dalsland invoice', async () => {
    // Arrange
    const invoice = dalslandInvoice();

    // Act
    const bytes = await renderInvoicePdf(invoice);

    // Assert
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pages = await pagesOf(bytes);
    expect(pages).toHaveLength(1);
    const text = pages[0] ?? '';
    expect(text).toMatch(/^Göteborgsregionen\n/);
    expect(text).toContain('\nFaktura\n');
    expect(text).toContain('Fakturanummer 1042');
    expect(text).toContain('Fakturadatum 2024-02-01');
    expect(text).toContain('Förfallodatum 2024-03-02');
    expect(text).toContain('OCR-nummer 10421');
    expect(text).toContain('Bankgiro 123-4567');
    expect(text).toContain('Org.nr 222000-1234');
    expect(text).toContain('Dalslands miljö- och energiförbund\nBox 78\n464 22 Mellerud\nOrg.nr 222000-0877');
    expect(text).toContain('Peppol-id 0007:2220000877');
    expect(text).toContain('Årsavgift 2024 – Kommunnätverket för hållbar utveckling');
    expect(text).toContain('Kommun Invånare per 2023-12-31 Grund Belopp');
    expect(text).toContain('Bengtsfors 9 138 taxa 13 707,00 kr');
    expect(text).toContain('Dals-Ed 4 606 lägsta avgift 10 000,00 kr');
    expect(text).toContain('Färgelanda 6 434 lägsta avgift 10 000,00 kr');
    expect(text).toContain('Mellerud 9 165 6/12 månader 6 874,00 kr');
    expect(text).toContain('Netto 40 581,00 kr');
    expect(text).toContain('Moms 25 % 10 145,25 kr');
    expect(text).toContain('Att betala 50 726,25 kr');
    expect(text).toContain('Betala till bankgiro 123-4567 senast 2024-03-02 och ange OCR-nummer 10421.');
    expect(text).toContain('Sida 1 av 1');
  });

  it('names the highest fee and leaves out the org.nr and Peppol id a billing party lacks', async () => {
    // Arrange
    const base = dalslandInvoice();
    const invoice = dalslandInvoice({
      billingParty: { ...base.billingParty, organisationNumber: undefined, peppolId: undefined },
      lines: [{ ...(base.lines[0] as (typeof base.lines)[number]), basis: 'cap' }],
    });

    // Act
    const [text = ''] = await pagesOf(await renderInvoicePdf(invoice));

    // Assert
    expect(text).toContain('Bengtsfors 9 138 högsta avgift 13 707,00 kr');
    expect(text).toContain('Box 78\n464 22 Mellerud\nÅrsavgift');
    expect(text).not.toContain('Peppol-id');
    expect(text).not.toContain('Org.nr 222000-0877');
  });

  it('sets the title and dates the document at issuedAt', async () => {
    // Arrange
    const invoice = dalslandInvoice();

    // Act
    const doc = await PDFDocument.load(await renderInvoicePdf(invoice), { updateMetadata: false });

    // Assert
    expect(doc.getTitle()).toBe('Faktura 1042');
    expect(doc.getAuthor()).toBe('Göteborgsregionen');
    expect(doc.getCreationDate()?.toISOString()).toBe('2024-02-01T08:15:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2024-02-01T08:15:00.000Z');
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]); // A4 in points
  });

  it('renders the same invoice to the same bytes, whatever the clock says', async () => {
    // Arrange
    // Only Date is faked: pdf-lib's timers keep running.
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      // Act
      jest.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const first = await renderInvoicePdf(dalslandInvoice());
      jest.setSystemTime(new Date('2031-06-15T12:34:56Z'));
      const second = await renderInvoicePdf(dalslandInvoice());

      // Assert
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('continues a long table on a second page under a repeated heading', async () => {
    // Arrange
    const invoice = fortyLineInvoice();

    // Act
    const pages = await pagesOf(await renderInvoicePdf(invoice));

    // Assert
    expect(pages).toHaveLength(2);
    const [first = '', second = ''] = pages;
    const all = pages.join('\n');
    for (const [index, name] of FORTY_MUNICIPALITIES.entries()) {
      expect(all).toContain(`\n${name} 10 ${String(index).padStart(3, '0')} taxa 15 000,00 kr`);
    }
    expect(first).toContain('\nAle 10 000 taxa 15 000,00 kr');
    expect(first).toContain('Sida 1 av 2');
    expect(first).not.toContain('Att betala');
    expect(second).toMatch(/^Faktura 1043 \(forts\.\)\nKommun Invånare per 2023-12-31 Grund Belopp\n/);
    expect(second).toContain('Töreboda 10 039 taxa 15 000,00 kr');
    expect(second).toContain('Att betala 750 000,00 kr');
    expect(second).toContain('Sida 2 av 2');
    // Every line printed exactly once.
    expect(all.match(/ taxa 15 000,00 kr/g)).toHaveLength(40);
  });

  it('heads a credit note "Kreditfaktura" and names the invoice it cancels', async () => {
    // Act
    const bytes = await renderInvoicePdf(dalslandCreditNote());
    const [text = ''] = await pagesOf(bytes);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });

    // Assert
    expect(text).toContain('\nKreditfaktura\nAvser faktura nr 1042\n');
    expect(text).not.toContain('\nFaktura\n');
    expect(text).toContain('Bengtsfors 9 138 taxa -13 707,00 kr');
    expect(text).toContain('Att betala -50 726,25 kr');
    expect(text).toContain('Kreditfakturan ersätter faktura 1042. Ingen betalning ska göras.');
    expect(doc.getTitle()).toBe('Kreditfaktura 1050');
  });

  it('prints "?" for characters the standard fonts cannot encode instead of throwing', async () => {
    // Arrange: an emoji, Polish Ł and ź and a CJK character are outside WinAnsi; é, ö and – are inside.
    const base = dalslandInvoice();
    const invoice = dalslandInvoice({
      billingParty: { ...base.billingParty, name: 'Förbundet 🌍 Łódź 中 café – ok' },
      lines: [
        { ...(base.lines[0] as (typeof base.lines)[number]), municipalityName: 'Bengtsfors\u2028Nord\uD800' },
      ],
    });

    // Act
    const [text = ''] = await pagesOf(await renderInvoicePdf(invoice));

    // Assert
    expect(text).toContain('Förbundet ? ?ód? ? café – ok');
    expect(text).toContain('Bengtsfors Nord? 9 138');
  });

  it('renders any text a billing party or municipality name can hold, each on its own line (property)', async () => {
    // Names come from the admin API: any unicode, control characters, CRLF, markup. The PDF must
    // still render (a throw would dead-letter the invoice mail) and a name must not break into lines
    // that could pass for other invoice facts.
    const base = dalslandInvoice();
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        'Evil\r\nAtt betala 0,00 kr',
        '<script>alert(1)</script>',
        '=HYPERLINK("x")',
        '\u0000\u001b[31m',
      ),
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (name, municipalityName) => {
        const invoice = dalslandInvoice({
          billingParty: { ...base.billingParty, name: `X${name}` },
          lines: [
            { ...(base.lines[0] as (typeof base.lines)[number]), municipalityName: `Y${municipalityName}` },
          ],
        });
        const [text = ''] = await pagesOf(await renderInvoicePdf(invoice));
        expect(text.split('\n').filter((line) => line.startsWith('Att betala'))).toEqual([
          'Att betala 50 726,25 kr',
        ]);
      }),
      { numRuns: 25 },
    );
  });

  it('shortens a name too long for its column with an ellipsis', async () => {
    // Arrange
    const base = dalslandInvoice();
    const invoice = dalslandInvoice({
      lines: [
        {
          ...(base.lines[0] as (typeof base.lines)[number]),
          municipalityName: 'Kommunen med det alldeles för långa namnet',
        },
      ],
    });

    // Act
    const [text = ''] = await pagesOf(await renderInvoicePdf(invoice));

    // Assert
    expect(text).toMatch(/\nKommunen med det[^\n]*… 9 138 taxa/);
    expect(text).not.toContain('långa namnet');
  });

  it('refuses an invoice without a valid issuedAt', async () => {
    await expect(renderInvoicePdf(dalslandInvoice({ issuedAt: 'not a date' }))).rejects.toThrow(RangeError);
  });

  it('re-exports formatKronor from the domain', () => {
    expect(formatKronor(1_381_800)).toBe('13 818,00 kr');
  });
});
