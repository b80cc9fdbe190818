const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/**
 * Escapes a value for HTML text and quoted attribute values. Every value that
 * reaches an email goes through here: user names, tags and account names are
 * chosen by people in member accounts, who must not be able to inject markup
 * into a mail that the security team trusts. `=` and backtick are included so
 * that even an unquoted attribute in a user's own template cannot be broken out of.
 */
// Hand-written: escape-html and he leave = and the backtick as they are, which an unquoted attribute needs escaped.
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Plain-text values stay on their line: a CR or LF inside a user name must not
 * let it forge extra lines (or headers, if it ends up in a subject).
 */
export function singleLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
