// A card's short description: the first paragraph of a Markdown text, as plain text.

/** Markdown inline syntax removed: links and images keep their text, code keeps its content. */
export function stripInlineMarkdown(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
}

/** The first paragraph (text up to the first blank line, headings and fences skipped), as one line of plain text. */
export function firstParagraph(markdown: string | null): string {
  if (markdown === null) return '';
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const trimmed = block.trim();
    if (trimmed === '' || trimmed.startsWith('```') || trimmed.startsWith('~~~')) continue;
    const lines = trimmed
      .split('\n')
      .map((line) => line.replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '').trim())
      .filter((line) => line !== '');
    const text = stripInlineMarkdown(lines.join(' ')).replace(/\s+/g, ' ').trim();
    if (text !== '') return text;
  }
  return '';
}
