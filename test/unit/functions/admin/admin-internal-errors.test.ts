import { describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type {
  FeeScheduleBook,
  InvoiceLedger,
  MemberRegistry,
  PopulationRegister,
  YearBook,
} from '../../../../domain/ports';
import { createHandler as getBillingParties } from '../../../../functions/http/get-admin-billing-parties';
import { createHandler as getFeeSchedule } from '../../../../functions/http/get-admin-fee-schedule';
import { createHandler as getFees } from '../../../../functions/http/get-admin-fees';
import { createHandler as getInvoices } from '../../../../functions/http/get-admin-invoices';
import { createHandler as getMunicipalities } from '../../../../functions/http/get-admin-municipalities';
import { createHandler as getPrincipals } from '../../../../functions/http/get-admin-principals';
import { createHandler as postIndex } from '../../../../functions/http/post-admin-fee-schedule-index';
import { createHandler as postCredit } from '../../../../functions/http/post-admin-invoice-credit';
import { createHandler as postPopulation } from '../../../../functions/http/post-admin-population';
import { createHandler as postYearClose } from '../../../../functions/http/post-admin-year-close';
import { createHandler as putBillingParty } from '../../../../functions/http/put-admin-billing-party';
import { createHandler as putFeeSchedule } from '../../../../functions/http/put-admin-fee-schedule';
import { createHandler as putMunicipality } from '../../../../functions/http/put-admin-municipality';
import { createHandler as putPrincipal } from '../../../../functions/http/put-admin-principal';
import { errorOf, lambdaContext } from '../http-test-kit';
import { adminEvent, februaryClock, jsonBody, postalAddress } from './admin-test-kit';

/** What a broken dependency might say; none of it may reach the client. */
const SECRET = 'ProvisionedThroughputExceeded on table admin-prod-7f3a, key 1480#2026';

/** A port whose every method fails as a broken dependency would, with a plain Error. */
const broken = <T extends object>() =>
  new Proxy({} as T, {
    get: (_target, key) =>
      typeof key === 'string' && key !== 'then'
        ? async () => {
            throw new Error(SECRET);
          }
        : undefined,
  });

/** Every data port broken; the clock works, so the handler gets as far as its first port call. */
const ports = () => ({
  registry: broken<MemberRegistry>(),
  population: broken<PopulationRegister>(),
  feeSchedules: broken<FeeScheduleBook & { wageGrowth(year: number): Promise<number | undefined> }>(),
  years: broken<YearBook>(),
  ledger: broken<InvoiceLedger>(),
  clock: februaryClock,
});

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const cases: Array<[string, Handler, APIGatewayProxyEventV2]> = [
  ['GET municipalities', getMunicipalities(ports), adminEvent({ route: '/api/admin/municipalities' })],
  ['GET billing parties', getBillingParties(ports), adminEvent({ route: '/api/admin/billing-parties' })],
  ['GET principals', getPrincipals(ports), adminEvent({ route: '/api/admin/principals' })],
  [
    'PUT municipality',
    putMunicipality(ports),
    adminEvent({
      method: 'PUT',
      route: '/api/admin/municipalities/{code}',
      pathParameters: { code: '1480' },
      ...jsonBody({ name: 'Göteborg', memberships: [{ from: '2020-01-01' }] }),
    }),
  ],
  [
    'PUT billing party',
    putBillingParty(ports),
    adminEvent({
      method: 'PUT',
      route: '/api/admin/billing-parties/{billingPartyId}',
      pathParameters: { billingPartyId: 'dalsland' },
      ...jsonBody({ name: 'Dalsland', invoiceEmail: 'ekonomi@dalsland.example', postalAddress }),
    }),
  ],
  [
    'PUT principal',
    putPrincipal(ports),
    adminEvent({
      method: 'PUT',
      route: '/api/admin/principals/{principalId}',
      pathParameters: { principalId: 'goteborgsregionen' },
      ...jsonBody({
        name: 'Göteborgsregionen',
        organisationNumber: '222000-1234',
        bankgiro: '123-4567',
        senderEmail: 'faktura@goteborgsregionen.example',
        postalAddress,
        validFrom: '2024-01-01',
        firstInvoiceNumber: 1001,
      }),
    }),
  ],
  [
    'POST population',
    postPopulation(ports),
    adminEvent({
      method: 'POST',
      route: '/api/admin/population',
      headers: { 'content-type': 'text/csv' },
      body: 'code,year,population\n1480,2026,604616\n',
    }),
  ],
  [
    'PUT fee schedule',
    putFeeSchedule(ports),
    adminEvent({
      method: 'PUT',
      route: '/api/admin/fee-schedules/{year}',
      pathParameters: { year: '2027' },
      ...jsonBody({ orePerInhabitant: 150, floorOre: 1_000_000, capOre: 50_000_000, vatPercent: 25 }),
    }),
  ],
  [
    'GET fee schedule',
    getFeeSchedule(ports),
    adminEvent({ route: '/api/admin/fee-schedules/{year}', pathParameters: { year: '2027' } }),
  ],
  [
    'POST fee schedule index',
    postIndex(ports),
    adminEvent({
      method: 'POST',
      route: '/api/admin/fee-schedules/{year}/index',
      pathParameters: { year: '2027' },
    }),
  ],
  [
    'GET fees',
    getFees(ports),
    adminEvent({ route: '/api/admin/fees/{year}', pathParameters: { year: '2027' } }),
  ],
  [
    'POST year close',
    postYearClose(ports),
    adminEvent({ method: 'POST', route: '/api/admin/years/{year}/close', pathParameters: { year: '2026' } }),
  ],
  ['GET invoices', getInvoices(ports), adminEvent({ route: '/api/admin/invoices', query: { year: '2027' } })],
  [
    'POST invoice credit',
    postCredit(ports),
    adminEvent({
      method: 'POST',
      route: '/api/admin/invoices/{number}/credit',
      pathParameters: { number: '1042' },
    }),
  ],
];

describe('admin handlers when a dependency fails', () => {
  it.each(cases)(
    '%s answers 500 INTERNAL_ERROR without a word of the failure',
    async (_label, handler, event) => {
      // Arrange: every data port throws a plain Error

      // Act
      const response = await handler(event, lambdaContext);

      // Assert
      expect(response.statusCode).toBe(500);
      expect(errorOf(response)).toEqual({
        error: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side',
      });
      expect(String(response.body)).not.toMatch(/Provisioned|admin-prod|1480|2026/);
    },
  );
});
