/**
 * A meeting's registrants as an Excel workbook (.xlsx), one sheet, the same columns as the CSV
 * export (formats/csv/registrant-columns.ts). Every cell is written as a string, so nothing a
 * registrant typed is ever read as a formula or a number.
 */
import ExcelJS from 'exceljs';
import type { Registrant } from '../../domain/meetings/list-registrants';
import { registrantColumns } from '../csv/registrant-columns';

/** Excel's limit on a sheet name, and the characters it refuses there. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_REFUSED = /[\\/?*[\]:]/g;

export const registrantListXlsx = async (
  title: string,
  registrants: readonly Registrant[],
): Promise<Uint8Array> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kommunnätverket för hållbar utveckling';
  const sheet = workbook.addWorksheet(
    title.replace(SHEET_NAME_REFUSED, ' ').slice(0, SHEET_NAME_MAX).trim() || 'Anmälda',
    { views: [{ state: 'frozen', ySplit: 1 }] },
  );
  const columns = registrantColumns();
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  for (const registrant of registrants) sheet.addRow(columns.map((column) => column.value(registrant)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
};
