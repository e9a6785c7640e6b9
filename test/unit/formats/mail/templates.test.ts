import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Meeting } from '../../../../domain/meetings/meeting';
import type { Registration } from '../../../../domain/meetings/registration';
import { registrationConfirmationMail } from '../../../../formats/mail/templates';
import { aMeeting } from '../../../fixtures/builders';

/**
 * Any code point, lone surrogates included. (fast-check's own 'binary' unit does the same but
 * takes about 1.5 s to warm up under vitest.)
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

type Recipient = Pick<Registration, 'email' | 'name' | 'language' | 'days'>;

const recipient = (overrides: Partial<Recipient> = {}): Recipient => ({
  email: 'alex@kommun.example',
  name: 'Alex Andersson',
  language: 'sv',
  days: ['2027-03-10'],
  ...overrides,
});

// 2027-03-10 is a Wednesday.
const oneDay = (overrides: Partial<Meeting> = {}): Meeting => ({
  ...aMeeting({ days: ['2027-03-10'] }),
  ...overrides,
});

const digital = (): Meeting =>
  aMeeting({
    kind: 'digital',
    days: ['2027-03-10'],
    venue: undefined,
    onlineUrl: 'https://meet.example.org/room?id=1&pw=2',
  });

const count = (text: string, char: string): number => text.split(char).length - 1;

describe('registrationConfirmationMail', () => {
  it('confirms in Swedish with the title, the day, the time and the venue', () => {
    // Arrange
    const meeting = oneDay();

    // Act
    const mail = registrationConfirmationMail(recipient(), meeting, 'confirmed');

    // Assert
    expect(mail.subject).toBe('Anmälan bekräftad: Nätverksträff om klimatanpassning');
    expect(mail.text).toContain('Hej Alex Andersson!');
    expect(mail.text).toContain('Nätverksträff om klimatanpassning');
    expect(mail.text).toContain('När: onsdag 10 mars 2027 kl. 09:30–16:00');
    expect(mail.text).toContain('Var: Stadshuset, Borås');
    expect(mail.text).toContain('Välkommen!');
    expect(mail.html).toContain('<html lang="sv">');
  });

  it('tells a waitlisted registrant in Swedish that they wait', () => {
    // Arrange
    const meeting = oneDay();

    // Act
    const mail = registrationConfirmationMail(recipient(), meeting, 'waitlisted');

    // Assert
    expect(mail.subject).toBe('Du står på väntelistan: Nätverksträff om klimatanpassning');
    expect(mail.text).toContain('väntelistan');
    expect(mail.text).not.toContain('Välkommen!');
  });

  it('confirms in English', () => {
    // Arrange
    const meeting = oneDay();

    // Act
    const mail = registrationConfirmationMail(recipient({ language: 'en' }), meeting, 'confirmed');

    // Assert
    expect(mail.subject).toBe('Registration confirmed: Nätverksträff om klimatanpassning');
    expect(mail.text).toContain('Hello Alex Andersson,');
    expect(mail.text).toMatch(/When: Wednesday,? 10 March 2027 09:30–16:00/);
    expect(mail.text).toContain('Where: Stadshuset, Borås');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.text).not.toContain('Hej');
  });

  it('tells a waitlisted registrant in English that they wait', () => {
    // Arrange
    const meeting = oneDay();

    // Act
    const mail = registrationConfirmationMail(recipient({ language: 'en' }), meeting, 'waitlisted');

    // Assert
    expect(mail.subject).toBe('You are on the waiting list: Nätverksträff om klimatanpassning');
    expect(mail.text).toContain('We will e-mail you if a place becomes free.');
  });

  it('lists the registrant’s own days for a two-day meeting', () => {
    // Arrange
    const meeting = aMeeting({ days: ['2027-03-10', '2027-03-11'] });

    // Act
    const mail = registrationConfirmationMail(recipient({ days: ['2027-03-11'] }), meeting, 'confirmed');

    // Assert
    expect(mail.text).toContain('Dina dagar: torsdag 11 mars 2027');
    expect(mail.text).not.toMatch(/Dina dagar:.*onsdag/);
  });

  it('gives the link of a digital meeting in the text and as a link in the HTML', () => {
    // Arrange
    const meeting = digital();

    // Act
    const mail = registrationConfirmationMail(recipient(), meeting, 'confirmed');

    // Assert
    expect(mail.text).toContain('Länk: https://meet.example.org/room?id=1&pw=2');
    expect(mail.html).toContain(
      '<a href="https://meet.example.org/room?id=1&amp;pw=2">https://meet.example.org/room?id=1&amp;pw=2</a>',
    );
    expect(mail.text).not.toContain('Var:');
  });

  it('addresses only the registrant', () => {
    // Arrange
    const meeting = oneDay();

    // Act
    const mail = registrationConfirmationMail(
      recipient({ email: 'kim@kommun.example' }),
      meeting,
      'confirmed',
    );

    // Assert
    expect(mail.to).toBe('kim@kommun.example');
    expect(Object.keys(mail).sort()).toEqual(['html', 'subject', 'text', 'to']);
  });

  it('escapes markup and quotes in the name, title and venue of the HTML', () => {
    // Arrange
    const meeting = oneDay({ title: 'Möte <script>alert("t")</script>', venue: `Sal "A" & <b>'B'</b>` });
    const who = recipient({ name: '<script>alert(1)</script> "Kim"' });

    // Act
    const mail = registrationConfirmationMail(who, meeting, 'confirmed');

    // Assert
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt; &quot;Kim&quot;!');
    expect(mail.html).toContain('Möte &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('Sal &quot;A&quot; &amp; &lt;b&gt;&#39;B&#39;&lt;/b&gt;');
  });

  it('keeps the subject on one line even when the title has CR/LF', () => {
    // Arrange
    const meeting = oneDay({ title: 'Möte\r\nBcc: evil@example.com\nX-Header: y' });

    // Act
    const mail = registrationConfirmationMail(recipient(), meeting, 'confirmed');

    // Assert
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('Anmälan bekräftad: Möte Bcc: evil@example.com X-Header: y');
  });

  it('lets no markup from name, title or venue into the HTML, whatever they hold', () => {
    // Arrange: the markup of a mail whose values contain no markup characters
    const markupOf = (html: string) => ({
      lt: count(html, '<'),
      gt: count(html, '>'),
      quot: count(html, '"'),
    });
    const baseline = markupOf(
      registrationConfirmationMail(recipient(), oneDay({ title: 't', venue: 'v' }), 'confirmed').html,
    );
    const hostile = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '<script>',
            '</td>',
            '"',
            "'",
            '<',
            '>',
            '&',
            '"><img src=x onerror=alert(1)>',
            '\r\n',
          ),
          fc.string({ unit: anyCodePoint }),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join(''));

    // Act + Assert
    fc.assert(
      fc.property(
        hostile,
        hostile,
        fc.string({ minLength: 1 }),
        hostile,
        (name, title, venueStart, venueRest) => {
          const venue = venueStart + venueRest;
          const mail = registrationConfirmationMail(
            recipient({ name }),
            oneDay({ title, venue }),
            'confirmed',
          );
          expect(markupOf(mail.html)).toEqual(baseline);
          expect(mail.html.toLowerCase()).not.toContain('<script');
          expect(mail.subject).not.toMatch(/[\r\n]/);
        },
      ),
    );
  });
});
