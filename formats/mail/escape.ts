const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

/** A header line (subject) must never carry a line break: it would let input add headers. */
export const singleLine = (value: string): string => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
