import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Registrant } from '../../../../domain/meetings/list-registrants';
import { registrantListXlsx } from '../../../../formats/report/registrant-list-xlsx';

const registrant: Registrant = {
  registrationId: 'r1',
  name: '=cmd|calc',
  email: 'asa@kommun.example',
  municipalityCode: '1480',
  role: 'municipal-ecologist',
  days: ['2027-03-10'],
  dietaryNeeds: 'Vegansk',
  language: 'sv',
  status: 'waitlisted',
  queuePosition: 1,
  registeredAt: '2027-01-05T08:30:00.000Z',
  attended: [],
};

describe('registrantListXlsx', () => {
  it('writes a workbook (a zip: PK) that reads back with the headers and the rows, text as text', async () => {
    // Act
    const bytes = await registrantListXlsx('Nätverksträff: klimat/energi [dag 1]', [registrant]);

    // Assert
    expect(Buffer.from(bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('Nätverksträff  klimat energi  d');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Namn',
      'E-post',
      'Kommunkod',
      'Roll',
      'Dagar',
      'Kostönskemål',
      'Status',
      'Plats i kön',
      'Anmäld',
      'Närvarande',
    ]);
    const row = sheet?.getRow(2);
    expect(row?.getCell(1).value).toBe('=cmd|calc');
    expect(row?.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row?.getCell(4).value).toBe('Kommunekolog');
    expect(row?.getCell(7).value).toBe('Väntelista');
    expect(row?.getCell(8).value).toBe('1');
  });
});
