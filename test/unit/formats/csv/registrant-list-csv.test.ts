import { describe, expect, it } from '@jest/globals';
import type { Registrant } from '../../../../domain/meetings/list-registrants';
import { registrantListCsv, semicolonCell } from '../../../../formats/csv/registrant-list-csv';

const registrant = (overrides: Partial<Registrant> = {}): Registrant => ({
  registrationId: 'r1',
  name: 'Åsa Öström',
  email: 'asa@kommun.example',
  municipalityCode: '1480',
  role: 'environmental-strategist',
  days: ['2027-03-10', '2027-03-11'],
  language: 'sv',
  status: 'confirmed',
  registeredAt: '2027-01-05T08:30:00.000Z',
  attended: [],
  ...overrides,
});

describe('registrantListCsv', () => {
  it('starts with a UTF-8 BOM, separates by semicolons, ends lines with CRLF and has Swedish headers', () => {
    // Act
    const csv = registrantListCsv([registrant()]);

    // Assert
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      'Namn;E-post;Kommunkod;Roll;Dagar;Kostönskemål;Status;Plats i kön;Anmäld;Närvarande',
      'Åsa Öström;asa@kommun.example;1480;Miljöstrateg;2027-03-10, 2027-03-11;;Bekräftad;;2027-01-05 09:30;',
      '',
    ]);
    // The BOM is the three bytes EF BB BF once encoded.
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes fields holding a semicolon, a quote or a line break (RFC 4180), doubling quotes', () => {
    // Act
    const csv = registrantListCsv([
      registrant({
        name: 'Lind; Erik',
        dietaryNeeds: 'Vegetarisk, "ingen" fisk\nlaktosfri',
        status: 'waitlisted',
        queuePosition: 2,
      }),
    ]);

    // Assert
    const row = csv.slice(1).split('\r\n')[1];
    expect(row).toBe(
      '"Lind; Erik";asa@kommun.example;1480;Miljöstrateg;2027-03-10, 2027-03-11;"Vegetarisk, ""ingen"" fisk\nlaktosfri";Väntelista;2;2027-01-05 09:30;',
    );
  });

  it.each(['=HYPERLINK("http://x")', '+46 31', '-1', '@SUM(A1)'])(
    'neutralises %s, which a spreadsheet would run as a formula, with a leading apostrophe',
    (value) => {
      expect(
        semicolonCell(value)
          .replace(/^"|"$/g, '')
          .startsWith(`'${value.slice(0, 1)}`),
      ).toBe(true);
    },
  );
});
