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
