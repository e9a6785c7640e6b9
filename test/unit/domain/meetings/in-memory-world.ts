import type { Meeting } from '../../../../domain/meetings/meeting';
import { icalendarWriter } from '../../../../formats/calendar/icalendar';
import { mailComposer } from '../../../../formats/mail/mail-composer';
import { HmacLinkTokens } from '../../../../functions/adapters/hmac-link-tokens';
import { fixedClock, focusGroups, municipalities, sequentialIds } from '../../../fixtures/builders';
import {
  InMemoryFocusGroupCatalogue,
  InMemoryMeetingCalendar,
  InMemoryMemberDirectory,
  InMemoryRegistrationBook,
  InMemoryStore,
  RecordingMailer,
} from '../../../fixtures/in-memory-ports';

/**
 * Every port a meeting use case needs, in memory, seeded with the demo municipalities (39 members
 * from 2023, Herrljunga 1466 from 2023-07-01, Tjörn 1419 never) and the three focus groups.
 */
export const inMemoryWorld = async (now = '2027-02-15T10:00:00Z', ...meetings: Meeting[]) => {
  const store = new InMemoryStore();
  const clock = fixedClock(now);
  const members = new InMemoryMemberDirectory();
  for (const municipality of municipalities()) await members.save(municipality);
  const catalogue = new InMemoryFocusGroupCatalogue();
  for (const group of focusGroups) await catalogue.save(group);
  for (const meeting of meetings) store.meetings.set(meeting.id, meeting);
  const mailer = new RecordingMailer();
  return {
    store,
    clock,
    mailer,
    catalogue,
    ports: {
      clock,
      ids: sequentialIds('reg'),
      members,
      focusGroups: catalogue,
      meetings: new InMemoryMeetingCalendar(store),
      registrations: new InMemoryRegistrationBook(store, clock),
      mailer,
      linkTokens: new HmacLinkTokens(async () => Buffer.alloc(32, 7)),
      siteUrl: 'https://network.example',
      attachmentMailer: mailer,
      organizer: { name: 'Kommunnätverket', email: 'noreply@network.example' },
      composer: mailComposer,
      calendarWriter: icalendarWriter,
    },
  };
};
