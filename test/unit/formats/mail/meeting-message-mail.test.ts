import { describe, expect, it } from '@jest/globals';
import { meetingMessageMail } from '../../../../formats/mail/meeting-message-mail';

describe('meetingMessageMail', () => {
  it('keeps the text as written in plain text and escapes it in HTML, the subject on one line', () => {
    // Act
    const mail = meetingMessageMail(
      { email: 'asa@kommun.example', name: 'Åsa', language: 'sv' },
      { title: 'Nätverksträff', days: ['2027-03-10'], startTime: '09:30', endTime: '16:00' },
      { subject: 'Ny\r\nBcc: x@y', text: 'Rad ett\nrad <b>två</b>\n\nStycke två' },
    );

    // Assert
    expect(mail.to).toBe('asa@kommun.example');
    expect(mail.subject).toBe('Ny Bcc: x@y');
    expect(mail.text).toContain('Hej Åsa,\n\nRad ett\nrad <b>två</b>\n\nStycke två');
    expect(mail.html).toContain('<p>Rad ett<br>rad &lt;b&gt;två&lt;/b&gt;</p>');
    expect(mail.html).toContain('<p>Stycke två</p>');
    expect(mail.html).not.toContain('<b>');
  });
});
