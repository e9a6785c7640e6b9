import type { AdminApi } from './admin-api';
import { stringFlag, wholeNumber, YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import type { FeePreview } from './fee-preview';
import { fetchInvoices, type InvoiceList } from './list-invoices';
import { OpsFailure } from './ops-errors';

/**
 * How far the invoicing of a fee year has come: each member of the fee preview (with a fee or
 * lacking a population figure) is either on an issued invoice or listed as not invoiced. Counting members rather than
 * invoices needs no knowledge of how members group into billing parties.
 */
const invoicingProgress = (preview: FeePreview, list: InvoiceList) => {
  const accounted = new Set([
    ...list.invoices
      .filter((invoice) => invoice.kind === 'invoice')
      .flatMap((invoice) => invoice.lines.map((line) => line.municipalityCode)),
    ...list.notInvoiced.map((left) => left.municipalityCode),
  ]);
  // Members without a population figure are recorded as not invoiced: wait for those records too.
  const members = [...preview.lines.map((line) => line.municipalityCode), ...preview.missingPopulation];
  return { done: members.filter((code) => accounted.has(code)).length, total: members.length };
};

const waitForInvoices = async (
  api: AdminApi,
  feeYear: number,
  preview: FeePreview,
  timeoutMs: number,
  onProgress: (done: number, total: number) => void,
): Promise<InvoiceList> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await fetchInvoices(api, feeYear);
    const { done, total } = invoicingProgress(preview, list);
    onProgress(done, total);
    if (done >= total) return list;
    if (Date.now() > deadline)
      throw new OpsFailure(
        `The year is closed, but after ${timeoutMs / 1000} s only ${done} of ${total} members of ${feeYear} are invoiced: ` +
          `see \`ops list-invoices ${feeYear}\` and \`ops dlq list\`.`,
        'INVOICING_INCOMPLETE',
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

/**
 * POST /api/admin/years/{year}/close (202: the invoices of the next fee year follow through the
 * bus), then polls the invoice list until every member of the fee preview is accounted for.
 */
export const closeYear: Command = {
  name: 'close-year',
  usage: '<year>',
  summary: 'Close a year (its report is frozen, the next year’s fees are invoiced) and wait for the invoices',
  options: [
    '--year <year>        the same as <year>',
    '--no-wait            return as soon as the API has accepted the close',
    '--timeout <seconds>  how long to wait for the invoices (default 300)',
  ],
  flags: [...YEAR_FLAGS, 'no-wait', 'timeout'],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, api, print, progress }) => {
    const year = yearOf({ args, parsed });
    const timeoutMs = wholeNumber(stringFlag(parsed, 'timeout') ?? '300', '--timeout', 1, 86_400) * 1000;
    const client = await api();
    const { body: closing } = await client.call<{ year: number; closedAt: string; status: string }>(
      'POST',
      `/api/admin/years/${year}/close`,
    );
    if (parsed.flags.has('no-wait')) {
      print(
        closing,
        () => `Year ${year} is closing (${closing.closedAt}); the ${year + 1} invoices follow.\n`,
      );
      return 0;
    }
    const feeYear = year + 1;
    // The close succeeded, so the fee year's schedule exists and the preview answers.
    const { body: preview } = await client.call<FeePreview>('GET', `/api/admin/fees/${feeYear}`);
    const bar = progress(`Invoicing ${feeYear}`);
    let list: InvoiceList;
    try {
      list = await waitForInvoices(client, feeYear, preview, timeoutMs, (done, total) =>
        bar.update(done, total),
      );
    } finally {
      bar.finish();
    }
    const invoices = list.invoices.filter((invoice) => invoice.kind === 'invoice').length;
    print(
      { ...closing, feeYear, invoices, notInvoiced: list.notInvoiced },
      () =>
        `Year ${year} closed (${closing.closedAt}). ${invoices} invoices issued for ${feeYear}` +
        `${list.notInvoiced.length > 0 ? `; not invoiced: ${list.notInvoiced.map((left) => `${left.municipalityCode} (${left.reason})`).join(', ')}` : ''}.\n`,
    );
    return 0;
  },
};
