// Prefect's `create_block_type` stores description and code_example through Python's
// `html.escape(quote=False)`, and `update_block_type` does not: a server's text may be escaped or
// not, so it equals ours when either it or its unescaped form does.

/** `html.escape(quote=False)` undone: the three entities it writes. */
export function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

export function sameServerText(server: string | null, local: string | null): boolean {
  if (server === local) return true;
  return server !== null && local !== null && unescapeHtml(server) === local;
}

/** Two texts, each as its side stores it (`escaped`: possibly HTML-escaped by a server), equal as written. */
export function sameText(left: string | null, leftEscaped: boolean, right: string | null, rightEscaped: boolean): boolean {
  if (left === right) return true;
  if (left === null || right === null) return false;
  const asWritten = (text: string, escaped: boolean): string[] => (escaped ? [text, unescapeHtml(text)] : [text]);
  const rights = asWritten(right, rightEscaped);
  return asWritten(left, leftEscaped).some((text) => rights.includes(text));
}
