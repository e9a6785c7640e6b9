import type { AttachmentMailer, Mailer, OutgoingMail } from '../../domain/ports';
import { logger } from './logger';

/**
 * A mark per mail a consumer sends for an event, written around the send. The receipt of a
 * consumer (functions/adapters/dynamodb-consumer-receipts.ts) is completed only after the whole
 * work; a delivery that dies between the send and that receipt would otherwise send again.
 */
export interface SendMarks {
  /**
   * Records that a send begins: 'fresh' when nothing was recorded (send), 'sent' when the mail
   * went out before (skip), 'interrupted' when an earlier attempt began and never confirmed.
   */
  beginSend(key: string): Promise<'fresh' | 'sent' | 'interrupted'>;
  /** Records that SES accepted the mail. */
  confirmSend(key: string): Promise<void>;
  /** Forgets a send that failed, so that a retry sends. */
  abandonSend(key: string): Promise<void>;
}

/**
 * Wraps a consumer's mailers so that each mail goes out at most once per (consumer, event), across
 * redeliveries and crashes: begin mark → send → confirm mark. One window stays open and cannot be
 * closed from here, because SES takes no idempotency token: a crash (or a failed confirm) after SES
 * accepted the mail and before the mark was confirmed leaves an 'interrupted' mark, and the next
 * delivery sends again. That is chosen over skipping it: a mail twice is better than none.
 */
export const mailOnce = <
  P extends { notices: SendMarks; mailer?: Mailer; attachmentMailer?: AttachmentMailer },
>(
  ports: P,
  consumer: string,
  eventId: string,
): P => {
  let sends = 0;
  const guarded = async (_mail: OutgoingMail, send: () => Promise<void>): Promise<void> => {
    // The n-th mail of this handling: the key holds ids only, no hash of an address (a hash of a
    // guessable address is still personal data, and marks are not erased with the person). The
    // wrapped use cases send one mail per event, or several in an order fixed by the event and
    // the stored state, so a redelivery numbers them alike.
    sends += 1;
    const key = `mail#${consumer}#${eventId}#${sends}`;
    const state = await ports.notices.beginSend(key);
    if (state === 'sent') {
      logger.info('mail already sent for this event; not sent again', { consumer, eventId });
      return;
    }
    if (state === 'interrupted')
      logger.warn('an earlier attempt at this mail did not confirm; sending again', { consumer, eventId });
    try {
      await send();
    } catch (error) {
      await ports.notices.abandonSend(key).catch(() => undefined);
      throw error;
    }
    await ports.notices.confirmSend(key);
  };
  return {
    ...ports,
    ...(ports.mailer
      ? { mailer: { send: (mail: OutgoingMail) => guarded(mail, () => (ports.mailer as Mailer).send(mail)) } }
      : {}),
    ...(ports.attachmentMailer
      ? {
          attachmentMailer: {
            send: (mail: Parameters<AttachmentMailer['send']>[0]) =>
              guarded(mail, () => (ports.attachmentMailer as AttachmentMailer).send(mail)),
          },
        }
      : {}),
  };
};
