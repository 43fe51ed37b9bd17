// JSON text cut into the pieces a code editor colours: keys, strings, numbers, literals,
// punctuation, and the rest (spaces, and whatever is not JSON yet while it is being typed). The
// pieces put together give the text back exactly: the colours lie under the text as typed.

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'text';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

// An unterminated string runs to the end of its line (typing one must not colour the rest).
const TOKEN = /("(?:[^"\\\n]|\\.)*"?)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)\b|([{}[\]:,])/g;

export function jsonTokens(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let last = 0;
  const push = (kind: JsonTokenKind, piece: string): void => {
    if (piece === '') return;
    const previous = tokens[tokens.length - 1];
    if (kind === 'text' && previous?.kind === 'text') previous.text += piece;
    else tokens.push({ kind, text: piece });
  };
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index;
    push('text', text.slice(last, at));
    const [whole, string, number, literal] = match;
    if (string !== undefined) {
      // A string followed by a colon is a key.
      push(/^\s*:/.test(text.slice(at + whole.length)) ? 'key' : 'string', whole);
    } else if (number !== undefined) push('number', whole);
    else if (literal !== undefined) push('literal', whole);
    else push('punctuation', whole);
    last = at + whole.length;
  }
  push('text', text.slice(last));
  return tokens;
}
