/**
 * The domain's {@link MailComposer}: every mail the use cases send, as the templates in this
 * folder write them. One object so that a handler injects all the mails with one value, and a
 * test can swap the whole look of the mails without touching a use case.
 */
import type { MailComposer } from '../../domain/rendering-ports';
import { invoiceMail } from './invoice-mail';
import {
  evaluationInvitationMail,
  meetingAnnouncementMail,
  meetingCancelledMail,
  meetingReminderMail,
  meetingRescheduledMail,
  registrationConfirmationMail,
  subscriptionConfirmationMail,
} from './templates';

/** The network's mails, in Swedish or English. */
export const mailComposer: MailComposer = {
  registrationConfirmation: registrationConfirmationMail,
  meetingRescheduled: meetingRescheduledMail,
  meetingReminder: meetingReminderMail,
  evaluationInvitation: evaluationInvitationMail,
  subscriptionConfirmation: subscriptionConfirmationMail,
  meetingAnnouncement: meetingAnnouncementMail,
  meetingCancelled: meetingCancelledMail,
  invoice: invoiceMail,
};
