/**
 * What to invoke a function with to redrive one dead letter. A consumer's letters (EventBridge's
 * and Lambda's dead letters alike) hold the event the function was invoked with: it goes back as
 * it is. The SES feedback subscription's letters can also be what SNS could not deliver, which is
 * the bare SNS notification (`{"Type":"Notification","MessageId":…,"Message":…}`), not the
 * `{"Records":[{"Sns":…}]}` event Lambda receives from SNS: wrapped into that shape, the same
 * handler takes it. Anything else passes through unchanged, and the function decides.
 */
export const redrivePayload = (body: string): string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { Type?: unknown }).Type !== 'Notification' ||
    typeof (parsed as { Message?: unknown }).Message !== 'string'
  )
    return body;
  const notification = parsed as { TopicArn?: string };
  return JSON.stringify({
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: notification.TopicArn ?? '',
        Sns: notification,
      },
    ],
  });
};
