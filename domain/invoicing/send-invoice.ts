import type { AttachmentMailer, InvoiceLedger, InvoiceRenderer } from '../ports';
import type { MailComposer } from '../rendering-ports';

export interface SendInvoicePorts {
  ledger: InvoiceLedger;
  renderer: InvoiceRenderer;
  attachmentMailer: AttachmentMailer;
  /** The invoice mail's texts (formats/mail/). */
  composer: Pick<MailComposer, 'invoice'>;
}

/**
 * E-mails an issued invoice (or credit note) as a PDF to the invoice address it was issued to.
 * 1. Read the invoice by number (it is immutable: address and amounts as issued).
 * 2. Render the PDF.
 * 3. Send it.
 */
export const sendInvoice = async (
  ports: SendInvoicePorts,
  invoiceNumber: number,
): Promise<'sent' | 'skipped'> => {
  const invoice = await ports.ledger.invoice(invoiceNumber);
  if (!invoice) return 'skipped';
  const mail = ports.composer.invoice(invoice);
  const pdf = await ports.renderer.render(invoice);
  await ports.attachmentMailer.send({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: [{ filename: mail.attachmentName, contentType: 'application/pdf', content: pdf }],
  });
  return 'sent';
};
