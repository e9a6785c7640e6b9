/**
 * The e-mail that carries an invoice or credit note (as a PDF attachment) to the billing party's
 * finance department. Always Swedish: the recipients are Swedish municipalities and federations.
 * Values are escaped here, at the only point where they meet markup.
 */
import type { Invoice } from '../../domain/invoicing/invoice';
import type { InvoiceMail } from '../../domain/rendering-ports';
import { escapeHtml, singleLine } from './escape';
import { formatKronor } from './format-kronor';

const NETWORK = 'Kommunnätverket för hållbar utveckling';

export type { InvoiceMail } from '../../domain/rendering-ports';

/**
 * Subject, plain text and HTML for one invoice or credit note, and the file name of its PDF.
 * An invoice tells what to pay, by when, to which bankgiro and with which OCR number. A credit note
 * names the invoice it cancels and says that nothing is to be paid, so that no one pays a negative
 * amount to an OCR number.
 */
export const invoiceMail = (invoice: Invoice): InvoiceMail => {
  const { principal } = invoice;
  const isCredit = invoice.kind === 'credit-note';
  const document = isCredit ? 'Kreditfaktura' : 'Faktura';
  const documentLower = isCredit ? 'kreditfaktura' : 'faktura';

  const rows: Array<[string, string]> = isCredit
    ? [
        ['Kreditfakturanummer', String(invoice.number)],
        ['Avser faktura nr', String(invoice.creditOf ?? '')],
        ['Fakturadatum', invoice.invoiceDate],
        ['Belopp', formatKronor(invoice.totalOre)],
      ]
    : [
        ['Fakturanummer', String(invoice.number)],
        ['Fakturadatum', invoice.invoiceDate],
        ['Att betala', formatKronor(invoice.totalOre)],
        ['Förfallodatum', invoice.dueDate],
        ['Bankgiro', principal.bankgiro],
        ['OCR-nummer', invoice.ocr],
      ];

  const intro = `Här kommer ${documentLower} ${invoice.number} från ${principal.name} för årsavgiften ${invoice.feeYear} till ${NETWORK}. ${document}n finns som PDF i bilagan.`;
  const instruction = isCredit
    ? `Kreditfakturan ersätter faktura ${invoice.creditOf ?? ''}. Ingen betalning ska göras.`
    : `Betala till bankgiro ${principal.bankgiro} senast ${invoice.dueDate} och ange OCR-nummer ${invoice.ocr}.`;
  const questions = `Frågor om ${documentLower}n? Svara på det här mejlet eller skriv till ${principal.senderEmail}.`;
  const sender = [
    principal.name,
    principal.postalAddress.street,
    `${principal.postalAddress.postalCode} ${principal.postalAddress.city}`,
    `Org.nr ${principal.organisationNumber}`,
  ];

  const text = [
    'Hej!',
    '',
    intro,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    instruction,
    '',
    questions,
    '',
    'Med vänlig hälsning',
    ...sender,
  ].join('\n');

  const htmlRows = rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const html = [
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(`${document} ${invoice.number}`)}</title></head><body>`,
    '<p>Hej!</p>',
    `<p>${escapeHtml(intro)}</p>`,
    `<table>${htmlRows}</table>`,
    `<p>${escapeHtml(instruction)}</p>`,
    `<p>${escapeHtml(questions)}</p>`,
    `<p>Med vänlig hälsning<br>${sender.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');

  return {
    to: invoice.billingParty.invoiceEmail,
    subject: singleLine(`${document} ${invoice.number} – årsavgift ${invoice.feeYear}, ${NETWORK}`),
    text,
    html,
    attachmentName: `${documentLower}-${invoice.number}.pdf`,
  };
};
