import { ErrorCode, NotFoundError } from '../errors';
import type { Clock, FocusGroupCatalogue, LinkTokens, Mailer, MailingLists, MeetingCalendar } from '../ports';
import type { MailComposer } from '../rendering-ports';

export interface MailingListPorts {
  lists: MailingLists;
  focusGroups: FocusGroupCatalogue;
  linkTokens: LinkTokens;
  clock: Clock;
}

const link = async (
  ports: MailingListPorts & { siteUrl: string },
  purpose: 'confirm-subscription' | 'unsubscribe',
  focusGroupId: string,
  subscriberId: string,
) => {
  const token = await ports.linkTokens.issue(purpose, {
    meetingId: focusGroupId,
    registrationId: subscriberId,
  });
  const page = purpose === 'confirm-subscription' ? 'subscribe' : 'unsubscribe';
  return `${ports.siteUrl.replace(/\/$/, '')}/${page}?token=${encodeURIComponent(token)}`;
};

/**
 * Asks to join a focus group's mailing list (double opt-in).
 * 1. The group must exist and not be retired (404).
 * 2. A pending subscription is stored with `SubscriptionRequested`; the address gets a confirmation
 *    link and receives nothing else until it is used. The answer never tells whether an address is
 *    on the list already (no enumeration).
 */
export const requestSubscription = async (
  ports: MailingListPorts,
  focusGroupId: string,
  request: { subscriberId: string; email: string; language: 'sv' | 'en' },
): Promise<{ status: 'confirmation-sent' }> => {
  const group = await ports.focusGroups.focusGroup(focusGroupId);
  if (!group || group.retired)
    throw new NotFoundError(ErrorCode.FOCUS_GROUP_NOT_FOUND, `No active focus group '${focusGroupId}'`);
  await ports.lists.request({
    id: request.subscriberId,
    focusGroupId,
    email: request.email.trim(),
    language: request.language,
    status: 'pending',
    requestedAt: ports.clock.now().toISOString(),
  });
  return { status: 'confirmation-sent' };
};

/** Mails the confirmation link of a pending subscription. */
export const sendSubscriptionConfirmation = async (
  ports: MailingListPorts & {
    mailer: Mailer;
    siteUrl: string;
    composer: Pick<MailComposer, 'subscriptionConfirmation'>;
  },
  detail: { focusGroupId: string; subscriberId: string },
): Promise<'sent' | 'skipped'> => {
  const [subscriber, group] = await Promise.all([
    ports.lists.subscriber(detail.focusGroupId, detail.subscriberId),
    ports.focusGroups.focusGroup(detail.focusGroupId),
  ]);
  if (subscriber?.status !== 'pending' || !group) return 'skipped';
  const url = await link(ports, 'confirm-subscription', detail.focusGroupId, detail.subscriberId);
  await ports.mailer.send(
    ports.composer.subscriptionConfirmation(
      subscriber.email,
      subscriber.language,
      group.name[subscriber.language],
      url,
    ),
  );
  return 'sent';
};

/** Confirms a subscription from its link; 404 for anything that does not verify or no longer exists. */
export const confirmSubscription = async (
  ports: MailingListPorts,
  token: string,
): Promise<{ status: 'subscribed' }> => {
  const subject = await ports.linkTokens.verify('confirm-subscription', token);
  if (!subject || !(await ports.lists.confirm(subject.meetingId, subject.registrationId))) {
    throw new NotFoundError(ErrorCode.SUBSCRIPTION_NOT_FOUND, 'No such subscription');
  }
  return { status: 'subscribed' };
};

/** Removes the address from the list (and the system). Unsubscribing twice answers the same. */
export const unsubscribe = async (
  ports: MailingListPorts,
  token: string,
): Promise<{ status: 'unsubscribed' }> => {
  const subject = await ports.linkTokens.verify('unsubscribe', token);
  if (!subject) throw new NotFoundError(ErrorCode.SUBSCRIPTION_NOT_FOUND, 'No such subscription');
  await ports.lists.remove(subject.meetingId, subject.registrationId);
  return { status: 'unsubscribed' };
};

/**
 * Announces a new meeting to its focus group's list, once per subscriber (a marker is taken before
 * each mail and given back if sending fails, so a retry reaches exactly those not yet told).
 */
export const announceMeeting = async (
  ports: MailingListPorts & {
    meetings: MeetingCalendar;
    mailer: Mailer;
    siteUrl: string;
    composer: Pick<MailComposer, 'meetingAnnouncement'>;
  },
  meetingId: string,
): Promise<number> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (meeting?.status !== 'scheduled') return 0;
  const [group, subscribers] = await Promise.all([
    ports.focusGroups.focusGroup(meeting.focusGroupId),
    ports.lists.activeSubscribers(meeting.focusGroupId),
  ]);
  if (!group) return 0;
  let sent = 0;
  for (const subscriber of subscribers) {
    if (!(await ports.lists.markAnnounced(meeting.id, subscriber.id))) continue;
    try {
      const unsubscribeUrl = await link(ports, 'unsubscribe', meeting.focusGroupId, subscriber.id);
      const meetingUrl = `${ports.siteUrl.replace(/\/$/, '')}/?meeting=${encodeURIComponent(meeting.id)}`;
      await ports.mailer.send(
        ports.composer.meetingAnnouncement(
          subscriber.email,
          subscriber.language,
          group.name[subscriber.language],
          meeting,
          meetingUrl,
          unsubscribeUrl,
        ),
      );
      sent += 1;
    } catch (error) {
      await ports.lists.unmarkAnnounced(meeting.id, subscriber.id);
      throw error;
    }
  }
  return sent;
};
