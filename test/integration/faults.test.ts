import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LEASE_MS } from '../../functions/adapters/dynamodb-consumer-receipts';
import { keys } from '../../functions/adapters/table-design';
import { documentClient } from '../../functions/shared/ports';
import { type DeadLetter, readDeadLetters, storedEventId } from '../../local/event-bus';
import type { Fault } from '../../local/fault-proxy';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { clearInbox, comparableClouds, outcome, runFullScenario } from '../fixtures/full-scenario';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * Faults injected below the adapters, by a proxy in front of DynamoDB Local and the local SES that
 * answers with the real services' throttling and server errors, so the AWS SDK's own retries with
 * backoff are what is tested; what outlasts them goes to the local dead-letter file and is
 * redriven. The outcome must equal a clean run's: nothing lost, nothing done twice.
 */
const clouds = comparableClouds();
afterAll(() => clouds.cleanup());

const DATA_PLANE = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'TransactWriteItems']);
const SEND_EMAIL = 'POST /v2/email/outbound-emails';

const admin = (cloud: LocalCloud) => ({ authorization: `Bearer ${cloud.adminToken}` });

/** Redrives until the dead-letter file is empty (or gives up after a few rounds). */
const redriveAll = async (cloud: LocalCloud): Promise<number> => {
  let redriven = 0;
  for (let round = 0; round < 5; round++) {
    const file = cloud.bus.deadLetterFile as string;
    if (readDeadLetters(file).length === 0) break;
    const answer = await api(cloud, 'POST', '/_local/dlq/redrive', undefined, admin(cloud));
    redriven += (answer.body.redriven as unknown[]).length;
    await cloud.settle();
  }
  return redriven;
};

describe('faults at the adapters', () => {
  it('a consumer that dies after sending, before its receipt, does not send again when redelivered', async () => {
    // Arrange: the confirmation consumer's receipt can never be completed on the first delivery
    // (5 server errors: all the SDK's attempts), as if the function died right after the send
    const receiptDone: Fault = {
      name: 'receipt-done',
      matches: (r) =>
        r.operation === 'UpdateItem' &&
        r.body.includes('RECEIPT#send-registration-confirmation#') &&
        r.body.includes(':done'),
      reply: 'dynamodb-internal-error',
      times: 5,
    };
    const cloud = await startTestCloud({ ...clouds.options(), faults: { seed: 1, dynamoDb: [receiptDone] } });
    try {
      await cloud.settle();
      await clearInbox(cloud);
      const meeting = await api(
        cloud,
        'POST',
        '/api/admin/meetings',
        {
          title: 'Krasch efter utskick',
          focusGroupId: 'fair-trade',
          kind: 'digital',
          days: ['2030-01-15'],
          startTime: '10:00',
          endTime: '11:00',
          onlineUrl: 'https://meet.example.org/krasch',
          capacity: 5,
        },
        admin(cloud),
      );

      // Act 1: one registration; its confirmation is sent, then the consumer "crashes"
      const registered = await api(cloud, 'POST', `/api/meetings/${meeting.body.id}/registrations`, {
        name: 'Kim Krasch',
        email: 'kim@alingsas.example',
        municipalityCode: '1489',
        role: 'fairtrade-coordinator',
        consent: true,
      });
      await cloud.settle();
      const lettersAfterCrash = readDeadLetters(cloud.bus.deadLetterFile as string);

      // Act 2: the claim's lease runs out; the operator redrives the dead letter
      cloud.clock.advance(LEASE_MS + 1000);
      const redrive = await api(cloud, 'POST', '/_local/dlq/redrive', undefined, admin(cloud));
      await cloud.settle();

      // Assert: the crash happened and was dead-lettered; the redrive was handled; one mail only
      expect(registered.status).toBe(201);
      expect(cloud.faultProxies?.dynamoDb.injected.get('receipt-done')).toBe(5);
      expect(lettersAfterCrash.map((letter) => letter.rule)).toEqual(['send-registration-confirmation']);
      expect(redrive.body.redriven).toHaveLength(1);
      expect(readDeadLetters(cloud.bus.deadLetterFile as string)).toEqual([]);
      const mail = (await readLocalInbox(cloud.sesUrl)).filter((m) =>
        m.destination.to.includes('kim@alingsas.example'),
      );
      expect(mail.map((m) => m.subject)).toEqual(['Anmälan bekräftad: Krasch efter utskick']);
      const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
      const eventId = storedEventId((lettersAfterCrash[0] as DeadLetter).event) as string;
      const receipt = await db.send(
        new GetCommand({
          TableName: cloud.tableName,
          Key: keys.receipt('send-registration-confirmation', eventId),
        }),
      );
      expect(receipt.Item?.state).toBe('done');
    } finally {
      await cloud.stop();
    }
  }, 120_000);

  it('absorbs DynamoDB throttling and failing, throttled SES: the outcome equals a clean run', async () => {
    // Arrange: a clean run to compare with
    const cleanCloud = await startTestCloud(clouds.options());
    let clean: { items: string[]; mail: string[] };
    try {
      await runFullScenario(cleanCloud);
      clean = await outcome(cleanCloud);
    } finally {
      await cleanCloud.stop();
    }
    const faults = {
      seed: 7,
      dynamoDb: [
        {
          name: 'dynamodb-throttling',
          matches: (r) => DATA_PLANE.has(r.operation),
          reply: 'dynamodb-throttling',
          rate: 0.05,
        },
        {
          name: 'dynamodb-provisioned-throughput',
          matches: (r) => DATA_PLANE.has(r.operation),
          reply: 'dynamodb-provisioned-throughput',
          rate: 0.03,
        },
      ] satisfies Fault[],
      ses: [
        // One address's mail fails 9 times in a row: the SDK's 3 attempts in each of the bus's 3
        // deliveries. Her confirmation is dead-lettered, and sent when redriven.
        {
          name: 'ses-outage-for-one-address',
          matches: (r) =>
            r.operation === SEND_EMAIL && r.body.includes('"ToAddresses":["ada@alingsas.example"]'),
          reply: 'ses-internal-error',
          times: 9,
        },
        {
          name: 'ses-throttling',
          matches: (r) => r.operation === SEND_EMAIL,
          reply: 'ses-too-many-requests',
          rate: 0.2,
        },
        {
          name: 'ses-internal',
          matches: (r) => r.operation === SEND_EMAIL,
          reply: 'ses-internal-error',
          rate: 0.1,
        },
      ] satisfies Fault[],
    };
    const cloud = await startTestCloud({ ...clouds.options(), faults });
    try {
      // Act: the same scenario through the faults; then what was dead-lettered is redriven
      await runFullScenario(cloud);
      const deadLettered = readDeadLetters(cloud.bus.deadLetterFile as string).length;
      const redriven = await redriveAll(cloud);
      cloud.faultProxies?.dynamoDb.setFaults([]);
      cloud.faultProxies?.ses.setFaults([]);
      const faulted = await outcome(cloud);

      // Assert: faults were injected, everything was handled in the end, and the same came out
      const injected = Object.fromEntries([
        ...(cloud.faultProxies?.dynamoDb.injected ?? []),
        ...(cloud.faultProxies?.ses.injected ?? []),
      ]);
      expect(injected['dynamodb-throttling']).toBeGreaterThan(20);
      expect(injected['ses-throttling']).toBeGreaterThan(5);
      expect(readDeadLetters(cloud.bus.deadLetterFile as string)).toEqual([]);
      expect(deadLettered).toBeGreaterThanOrEqual(1);
      expect(redriven).toBe(deadLettered);
      expect(faulted.mail).toEqual(clean.mail);
      expect(faulted.items).toEqual(clean.items);
      console.info(
        `faults: injected ${JSON.stringify(injected)}; forwarded DynamoDB ${cloud.faultProxies?.dynamoDb.forwarded.count}, SES ${cloud.faultProxies?.ses.forwarded.count}; dead-lettered ${deadLettered}, redriven ${redriven}`,
      );
    } finally {
      await cloud.stop();
    }
  }, 400_000);
});
