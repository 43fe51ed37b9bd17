// A block type's code example is Markdown: prose with fenced code blocks. Split it so the prose
// renders as Markdown and the code as `<pre><code>` with a copy button.

export type CodeExampleSegment = { kind: 'text'; text: string } | { kind: 'code'; language: string | null; code: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^\n]*$/;

/** Fenced blocks become code segments; text without any fence is all code. */
export function splitCodeExample(example: string): CodeExampleSegment[] {
  const lines = example.replace(/\r\n?/g, '\n').split('\n');
  const segments: CodeExampleSegment[] = [];
  let text: string[] = [];
  let code: string[] | null = null;
  let fence = '';
  let language: string | null = null;
  const flushText = (): void => {
    const joined = text.join('\n').trim();
    if (joined !== '') segments.push({ kind: 'text', text: joined });
    text = [];
  };
  for (const line of lines) {
    if (code === null) {
      const open = FENCE.exec(line);
      if (open !== null) {
        flushText();
        code = [];
        fence = open[1] ?? '```';
        language = open[2] === undefined || open[2] === '' ? null : open[2];
      } else {
        text.push(line);
      }
    } else if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '' && line.trim().length >= fence.length) {
      segments.push({ kind: 'code', language, code: code.join('\n') });
      code = null;
    } else {
      code.push(line);
    }
  }
  // An unclosed fence runs to the end, as in CommonMark.
  if (code !== null) segments.push({ kind: 'code', language, code: code.join('\n') });
  flushText();
  if (!segments.some((segment) => segment.kind === 'code')) {
    const whole = example.trim();
    return whole === '' ? [] : [{ kind: 'code', language: null, code: whole }];
  }
  return segments;
}

/** What "Copy code example" copies: the code blocks, separated by a blank line. */
export function codeToCopy(segments: readonly CodeExampleSegment[]): string {
  return segments.flatMap((segment) => (segment.kind === 'code' ? [segment.code] : [])).join('\n\n');
}
