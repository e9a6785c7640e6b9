import { describe, expect, it } from '@jest/globals';
import type { PopulationRegister } from '../../../../domain/ports';
import { PopulationImportResult } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/post-admin-population';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort, februaryClock } from './admin-test-kit';

/** SCB's export as PxWeb writes it: a title, a blank line, the header, quoted region names. */
const SCB_EXPORT = [
  '"Folkmängd efter region och år"',
  '',
  '"region","2025","2026"',
  '"14 Västra Götalands län",1760000,1770000',
  '"1480 Göteborg",596841,604616',
  '"1482 Kungälv",48000,..',
  '"Källa: SCB"',
  '',
].join('\r\n');

const PLAIN = 'code,year,population\n1480,2026,604616\n1482,2026,48500\n';

const post = (
  body: string,
  {
    contentType = 'text/csv',
    isBase64Encoded = false,
    query,
  }: { contentType?: string; isBase64Encoded?: boolean; query?: Record<string, string> } = {},
) =>
  adminEvent({
    method: 'POST',
    route: '/api/admin/population',
    headers: { 'content-type': contentType },
    body,
    isBase64Encoded,
    ...(query ? { query } : {}),
  });

const setUp = () => {
  const population = fakePort<PopulationRegister>({
    store: async (figures) => ({ changed: figures.length - 1, unchanged: 1 }),
  });
  return {
    population,
    handler: createHandler(() => ({ population: population.port, clock: februaryClock })),
  };
};

describe('POST /api/admin/population', () => {
  it('decodes a base64-encoded Latin-1 SCB export and stores its municipal figures', async () => {
    // Arrange
    const { handler, population } = setUp();
    const latin1 = Buffer.from(SCB_EXPORT, 'latin1');
    expect(latin1.includes(0xf6)).toBe(true); // "ö" as one Latin-1 byte: not valid UTF-8
    const event = post(latin1.toString('base64'), { isBase64Encoded: true, contentType: 'text/csv' });

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(PopulationImportResult.parse(bodyOf(response))).toEqual({
      layout: 'scb',
      encoding: 'latin-1',
      figures: 3,
      changed: 2,
      unchanged: 1,
      years: [2025, 2026],
    });
    expect(population.callsTo('store')).toEqual([
      [
        [
          { code: '1480', year: 2025, population: 596_841, referenceDate: '2025-12-31' },
          { code: '1480', year: 2026, population: 604_616, referenceDate: '2026-12-31' },
          { code: '1482', year: 2025, population: 48_000, referenceDate: '2025-12-31' },
        ],
        'upload 2027-02-15',
        expect.any(Function),
      ],
    ]);
  });

  it('reads a plain UTF-8 upload and passes the source from the query string to the event', async () => {
    // Arrange
    const { handler, population } = setUp();
    const event = post(PLAIN, {
      contentType: 'text/plain; charset=utf-8',
      query: { source: 'BE0101N1 2026' },
    });

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({ layout: 'plain', encoding: 'utf-8', figures: 2, years: [2026] });
    const [store] = population.callsTo('store');
    expect(store?.[1]).toBe('BE0101N1 2026');
    expect(store?.[2]({ years: [2026], count: 1 })).toEqual({
      detailType: 'PopulationImported',
      detail: { years: [2026], figuresChanged: 1, source: 'BE0101N1 2026' },
    });
  });

  it('answers 400 with one issue per problem line for a bad file, storing nothing', async () => {
    // Arrange
    const { handler, population } = setUp();
    const csv = 'code,year,population\n1480,2026,604616\n148,2026,604616\n1482,1899,48500\n';

    // Act
    const response = await handler(post(csv), lambdaContext);

    // Assert
    const paths = expectValidationFailure(response, 'line 3', 'line 4');
    expect(paths).toEqual(['line 3', 'line 4']);
    expect(population.calls).toEqual([]);
  });

  it('answers 400 naming the file for an upload in an unknown layout, storing nothing', async () => {
    // Arrange
    const { handler, population } = setUp();

    // Act
    const response = await handler(post('kommun;invånare\nGöteborg;604616\n'), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'file')).toEqual(['file']);
    expect(population.calls).toEqual([]);
  });

  it.each([['application/json'], ['application/x-www-form-urlencoded'], ['']])(
    'answers 415 UNSUPPORTED_MEDIA_TYPE for content type %j, storing nothing',
    async (contentType) => {
      // Arrange
      const { handler, population } = setUp();

      // Act
      const response = await handler(post(PLAIN, { contentType }), lambdaContext);

      // Assert
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(population.calls).toEqual([]);
    },
  );

  it('answers 413 PAYLOAD_TOO_LARGE for a body of 1 000 001 bytes, storing nothing', async () => {
    // Arrange
    const { handler, population } = setUp();
    const body = PLAIN + '\n'.repeat(1_000_001 - PLAIN.length);

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(population.calls).toEqual([]);
  });

  it('answers 413 when the body is over the limit only once decoded from base64', async () => {
    // Arrange
    const { handler, population } = setUp();
    const bytes = Buffer.from(PLAIN + '\n'.repeat(1_000_001 - PLAIN.length), 'latin1');

    // Act
    const response = await handler(post(bytes.toString('base64'), { isBase64Encoded: true }), lambdaContext);

    // Assert
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(population.calls).toEqual([]);
  });

  it('accepts a body of exactly 1 000 000 bytes', async () => {
    // Arrange
    const { handler, population } = setUp();
    const body = PLAIN + '\n'.repeat(1_000_000 - PLAIN.length);

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(population.callsTo('store')).toHaveLength(1);
  });

  it('answers 400 naming source when the query gives a blank one, storing nothing', async () => {
    // Arrange
    const { handler, population } = setUp();

    // Act
    const response = await handler(post(PLAIN, { query: { source: '   ' } }), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'source')).toEqual(['source']);
    expect(population.calls).toEqual([]);
  });
});
