import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { SUPPRESSION_ITEM_TYPE } from '../../functions/adapters/dynamodb-suppression-list';
import { handler as onSesFeedback } from '../../functions/ses-feedback/on-ses-feedback-suppress';
import { awsPorts, documentClient } from '../../functions/shared/ports';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, sesFeedbackNotification, snsEventOf } from '../../local/ses-local';
import { api, startTestCloud, waitForMail } from '../fixtures/local-cloud';

/**
 * Bounces and complaints on the local cloud. There are no real bounces locally, so the test feeds the
 * deployed handler the SNS event SES would cause (the SES guide's example shape), against DynamoDB
 * Local; then the real consumers send through the real mailers to the local SES.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
let meetingId: string;

const BOUNCED = 'gone.away@alingsas.example';
const COMPLAINED = 'no.thanks@alingsas.example';
const SOFT = 'full.box@alingsas.example';
const HEALTHY = 'still.here@alingsas.example';

const inboxOf = async (address: string) =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => mail.destination.to.includes(address));

const register = async (email: string) =>
  api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name: 'Alex Andersson',
    email,
    municipalityCode: '1489',
    role: 'environmental-strategist',
    consent: true,
  });

beforeAll(async () => {
  cloud = await startTestCloud();
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  const today = stockholmDate(new Date());
  const scheduled = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Nätverksträff: e-posthygien',
      focusGroupId: 'environmental-strategy',
      kind: 'physical',
      days: [addDays(today, 30)],
      startTime: '09:30',
      endTime: '12:00',
      venue: 'Stadshuset, Alingsås',
      capacity: 30,
    },
    admin,
  );
  expect(scheduled.status).toBe(201);
  meetingId = scheduled.body.id as string;
  await cloud.settle();
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('mail suppression on the local cloud', () => {
  it('sends nothing to a bounced or complaining address, still mails everyone else, and no consumer fails', async () => {
    // Arrange: SES tells us (through SNS) about a permanent bounce, a complaint and a soft bounce
    const feedback = [
      // Reported in other letter case than the address is registered with: the list ignores case
      sesFeedbackNotification('Gone.Away@Alingsas.example', { kind: 'bounce', bounceType: 'Permanent' }),
      sesFeedbackNotification(COMPLAINED, { kind: 'complaint' }),
      sesFeedbackNotification(SOFT, { kind: 'bounce', bounceType: 'Transient' }),
    ];
    for (const notification of feedback) {
      await onSesFeedback(snsEventOf(JSON.stringify(notification)), {} as never);
    }

    // Act: the four register; the confirmation consumer sends through the raw (calendar) mailer
    const answers = await Promise.all([BOUNCED, COMPLAINED, SOFT, HEALTHY].map(register));
    await waitForMail(cloud, HEALTHY, { timeoutMs: 60_000 });
    await waitForMail(cloud, SOFT, { timeoutMs: 60_000 });
    await cloud.settle();

    // Assert
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.body.status).toBe('confirmed');
    }
    expect(await inboxOf(HEALTHY)).toHaveLength(1);
    expect(await inboxOf(SOFT)).toHaveLength(1);
    expect(await inboxOf(BOUNCED)).toEqual([]);
    expect(await inboxOf(COMPLAINED)).toEqual([]);
    // The confirmation consumer succeeded for the suppressed two: nothing retried into a dead letter
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('holds back the simple mailer too, and says so', async () => {
    // Arrange
    const { mailer, attachmentMailer } = awsPorts();
    const mail = { subject: 'Påminnelse', text: 'Hej!', html: '<p>Hej!</p>' };

    // Act
    const toBounced = await mailer.sendUnlessSuppressed({ ...mail, to: BOUNCED });
    const toComplained = await attachmentMailer.sendUnlessSuppressed({
      ...mail,
      to: COMPLAINED,
      attachments: [],
    });
    const toHealthy = await mailer.sendUnlessSuppressed({ ...mail, to: HEALTHY });

    // Assert
    expect([toBounced, toComplained, toHealthy]).toEqual(['suppressed', 'suppressed', 'sent']);
    expect(await inboxOf(BOUNCED)).toEqual([]);
    expect(await inboxOf(COMPLAINED)).toEqual([]);
    expect((await inboxOf(HEALTHY)).map((m) => m.subject)).toContain('Påminnelse');
  });

  it('tells the person, on a request for their data, that their address is suppressed and why', async () => {
    // Act
    const bounced = await api(cloud, 'POST', '/api/admin/people/export', { email: BOUNCED }, admin);
    const healthy = await api(cloud, 'POST', '/api/admin/people/export', { email: HEALTHY }, admin);

    // Assert
    expect(bounced.status).toBe(200);
    expect(bounced.body.suppressed).toEqual({ reason: 'BOUNCE', reportedAt: expect.any(String) });
    expect(healthy.status).toBe(200);
    expect(healthy.body.suppressed).toBeUndefined();
  });

  it('stores no address: entries are keyed by a keyed hash; taking one off lets mail through again', async () => {
    // Arrange
    const { suppressions, mailer } = awsPorts();
    const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: cloud.tableName,
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': SUPPRESSION_ITEM_TYPE },
      }),
    );

    // Act
    const removed = await suppressions.remove(BOUNCED);
    const removedAgain = await suppressions.remove(BOUNCED);
    const outcome = await mailer.sendUnlessSuppressed({
      to: BOUNCED,
      subject: 'Välkommen tillbaka',
      text: 'Hej!',
      html: '<p>Hej!</p>',
    });

    // Assert
    expect(Items.map((item) => item.reason).sort()).toEqual(['BOUNCE', 'COMPLAINT']);
    for (const item of Items) expect(item.PK).toMatch(/^SUPPRESSED#[A-Za-z0-9_-]{22}$/);
    const stored = JSON.stringify(Items).toLowerCase();
    for (const address of [BOUNCED, COMPLAINED]) {
      expect(stored).not.toContain(address);
      expect(stored).not.toContain(address.split('@')[0]);
    }
    expect([removed, removedAgain]).toEqual([true, false]);
    expect(outcome).toBe('sent');
    expect((await inboxOf(BOUNCED)).map((m) => m.subject)).toEqual(['Välkommen tillbaka']);
  });
});
