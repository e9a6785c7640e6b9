import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { escapeHtml, singleLine } from '../../../../formats/mail/escape';

/**
 * Any code point, lone surrogates included. (fast-check's own 'binary' unit does the same but
 * takes about 1.5 s to warm up under vitest.)
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

/** Reverses the five entities, to show that escaping loses nothing. */
const decodeEntities = (html: string): string =>
  html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    // Arrange
    const value = `<a href="x" title='y'>&</a>`;

    // Act
    const escaped = escapeHtml(value);

    // Assert
    expect(escaped).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes an entity that is already in the input instead of trusting it', () => {
    // Arrange
    const value = '&lt;script&gt;';

    // Act
    const escaped = escapeHtml(value);

    // Assert
    expect(escaped).toBe('&amp;lt;script&amp;gt;');
  });

  it('leaves Swedish letters alone', () => {
    // Arrange
    const value = 'Åsa Öberg, Härryda';

    // Act
    const escaped = escapeHtml(value);

    // Assert
    expect(escaped).toBe('Åsa Öberg, Härryda');
  });

  it('never leaves a markup character, and loses nothing', () => {
    // Arrange
    const text = fc.string({ unit: anyCodePoint });

    // Act + Assert
    fc.assert(
      fc.property(text, (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        expect(decodeEntities(escaped)).toBe(value);
      }),
    );
  });
});

describe('singleLine', () => {
  it.each([
    ['CRLF', 'Möte\r\nBcc: x@example.com', 'Möte Bcc: x@example.com'],
    ['LF', 'Möte\nBcc', 'Möte Bcc'],
    ['CR', 'Möte\rBcc', 'Möte Bcc'],
    ['U+2028 and U+2029', 'a\u2028b\u2029c', 'a b c'],
    ['a run of breaks', 'a\r\n\r\n\nb', 'a b'],
    ['breaks at the ends', '\r\nMöte\n', 'Möte'],
  ])('folds %s into a space', (_label, value, expected) => {
    // Arrange: the cases above

    // Act
    const line = singleLine(value);

    // Assert
    expect(line).toBe(expected);
  });

  it('never returns a line break, whatever the input', () => {
    // Arrange
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\r', '\n', '\u2028', '\u2029', 'ö') });

    // Act + Assert
    fc.assert(
      fc.property(text, (value) => {
        expect(singleLine(value)).not.toMatch(/[\r\n\u2028\u2029]/);
      }),
    );
  });
});
