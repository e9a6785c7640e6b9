import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { outboxPut } from '../../../../functions/adapters/dynamodb-outbox';
import { handler } from '../../../../functions/pipe/outbox-enrichment';
import { putEventsEntry } from '../../../../local/stream-pipe';

const registration = {
  detailType: 'RegistrationReceived' as const,
  detail: {
    registrationId: 'registration-1',
    meetingId: 'meeting-1',
    status: 'confirmed' as const,
    days: ['2027-03-15'],
    municipalityCode: '1480',
    role: 'municipal-ecologist' as const,
  },
};

const streamRecord = (item: Record<string, unknown>) => ({
  eventName: 'INSERT',
  dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
});

describe('the outbox pipe enrichment', () => {
  it('makes each stream record the envelope of its event, in order', async () => {
    const first = outboxPut('table', registration, { id: 'event-1', now: new Date('2027-03-01T08:00:00Z') });
    const second = outboxPut(
      'table',
      { detailType: 'MeetingEnded', detail: { meetingId: 'meeting-1', endsAt: '2027-03-15T16:00:00.000Z' } },
      { id: 'event-2', now: new Date('2027-03-15T16:00:00Z') },
    );

    const entries = await handler([
      streamRecord(first.item.Put?.Item ?? {}),
      streamRecord(second.item.Put?.Item ?? {}),
    ]);

    expect(entries).toEqual([
      {
        source: 'network.meetings',
        detailType: 'RegistrationReceived',
        detail: {
          ...registration.detail,
          id: 'event-1',
          type: 'RegistrationReceived',
          version: 1,
          occurredAt: '2027-03-01T08:00:00.000Z',
        },
      },
      expect.objectContaining({
        detailType: 'MeetingEnded',
        detail: expect.objectContaining({ id: 'event-2' }),
      }),
    ]);
  });

  it('fails the batch on a record that is not a known event, rather than drop it', async () => {
    const { item } = outboxPut('table', registration, {
      id: 'event-1',
      now: new Date('2027-03-01T08:00:00Z'),
    });
    const unknown = { ...(item.Put?.Item ?? {}), detailType: 'SomethingElse' };
    const broken = { ...(item.Put?.Item ?? {}), detail: JSON.stringify({ meetingId: 'meeting-1' }) };

    await expect(handler([streamRecord(item.Put?.Item ?? {}), streamRecord(unknown)])).rejects.toThrow(
      'Unknown event type SomethingElse',
    );
    await expect(handler([streamRecord(broken)])).rejects.toThrow(/registrationId/);
  });

  it('is put on the bus by the local pipe as the deployed target parameters say', async () => {
    const { item } = outboxPut('table', registration, {
      id: 'event-1',
      now: new Date('2027-03-01T08:00:00Z'),
    });
    const [entry] = await handler([streamRecord(item.Put?.Item ?? {})]);
    if (!entry) throw new Error('no entry');

    expect(putEventsEntry(entry, 'the-bus')).toEqual({
      EventBusName: 'the-bus',
      Source: 'network.meetings',
      DetailType: 'RegistrationReceived',
      Detail: JSON.stringify(entry.detail),
    });
  });
});
