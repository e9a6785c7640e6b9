import { describe, expect, it } from '@jest/globals';
import { sesFeedbackNotification } from '../../../local/ses-local';
import { redrivePayload } from '../../../scripts/ops/redrive-payload';

const bounceOf = (address: string) =>
  JSON.stringify(
    sesFeedbackNotification(
      address,
      { kind: 'bounce', bounceType: 'Permanent' },
      { feedbackId: 'fb-redrive', at: new Date('2026-11-27T08:00:00Z') },
    ),
  );

describe('the payload a dead letter is redriven with', () => {
  it('passes an EventBridge event through unchanged', () => {
    const event = JSON.stringify({ id: 'e-1', 'detail-type': 'InvoiceIssued', detail: { number: 240001 } });

    expect(redrivePayload(event)).toBe(event);
  });

  it('passes a Lambda SNS event and a body that is not JSON through unchanged', () => {
    const records = JSON.stringify({
      Records: [{ Sns: { MessageId: 's-1', Message: bounceOf('a@b.example') } }],
    });

    expect(redrivePayload(records)).toBe(records);
    expect(redrivePayload('not json')).toBe('not json');
  });
});
