// Errors that cross the IPC boundary and the command line: a code the caller can act on,
// a message a person can read, and where in which input the problem is.

export type RegistryErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'protected'
  | 'missing_block_type'
  | 'missing_definition'
  | 'missing_reference'
  | 'database_file'
  | 'database_too_new'
  | 'database_busy'
  | 'save_failed'
  | 'prefect_config'
  | 'prefect_unreachable'
  | 'prefect_auth'
  | 'prefect_server'
  /** Finding or running the Python that reads a `.py` block file (no interpreter, no Prefect, a timeout). */
  | 'python'
  | 'internal';

export interface IssueLocation {
  /** The file (or source) the input came from. */
  file?: string;
  /** Dotted JSON path inside it, e.g. `collections.prefect-aws.block_types.s3-bucket.block_schema.fields`. */
  path?: string;
}

export interface RegistryIssue extends IssueLocation {
  message: string;
  /** The entry of the file the problem is in, when the file holds entries (see shared/issue-detail.ts). */
  entry?: IssueEntry;
  /** The value refused, as JSON text on one line, truncated: safe to print anywhere. */
  value?: string;
  /** What would be valid instead, e.g. `suggested slug: "my-block"`. */
  expected?: string;
}

/** Which entry of a file: its position in the file's entries, and its slug and name when they are strings. */
export interface IssueEntry {
  /** 0-based position among the file's entries (the `[N]` of a list); null for a file of one entry. */
  index: number | null;
  slug: string | null;
  name: string | null;
}

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly issues: RegistryIssue[];

  constructor(code: RegistryErrorCode, message: string, issues: RegistryIssue[] = []) {
    super(message);
    this.name = 'RegistryError';
    this.code = code;
    this.issues = issues;
  }
}

/** A nested block that cannot be registered: names the property of `block_schema_references` it is under. */
export class NestedBlockError extends RegistryError {
  readonly property: string;

  constructor(code: RegistryErrorCode, message: string, property: string) {
    super(code, message);
    this.name = 'NestedBlockError';
    this.property = property;
  }
}

/**
 * `file: path: message`, leaving out the parts that are unknown, then what makes it actionable:
 * ` (entry [3] "My Block"; got "My Block!"; suggested slug: "my-block")`.
 */
export function formatIssue(issue: RegistryIssue): string {
  const where = [issue.file, issue.path, issue.message].filter((part) => part !== undefined && part !== '').join(': ');
  const details = [issue.entry === undefined ? undefined : describeEntry(issue.entry), issue.value === undefined ? undefined : `got ${issue.value}`, issue.expected].filter(
    (part) => part !== undefined && part !== '',
  );
  return details.length === 0 ? where : `${where} (${details.join('; ')})`;
}

/** `entry [3] "My Block"`, `entry [3] (slug "my-block")`, or `entry "My Block"` for a file of one entry. */
export function describeEntry(entry: IssueEntry): string {
  const position = entry.index === null ? '' : ` [${entry.index}]`;
  if (entry.name !== null && entry.name.trim() !== '') return `entry${position} ${quoteText(entry.name)}`;
  if (entry.slug !== null && entry.slug !== '') return `entry${position} (slug ${quoteText(entry.slug)})`;
  return `entry${position === '' ? '' : position}`;
}

/** The path of a whole document. */
export const ROOT_PATH = '$';

/** Dotted JSON path (`$` for the whole document); keys that would be ambiguous in dotted form are bracketed. */
export function formatJsonPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return ROOT_PATH;
  // A path hundreds of levels deep (`[0][0]…` down a nesting that went too deep) says nothing more
  // than its start, its end and its depth.
  if (path.length > MAX_PATH_SEGMENTS_SHOWN) {
    const head = formatJsonPath(path.slice(0, PATH_HEAD_SEGMENTS));
    const tail = formatJsonPath(path.slice(-PATH_TAIL_SEGMENTS));
    return `${head}…${tail.startsWith('[') ? '' : '.'}${tail} (${path.length} levels)`;
  }
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-][A-Za-z0-9_$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const MAX_PATH_SEGMENTS_SHOWN = 24;
const PATH_HEAD_SEGMENTS = 12;
const PATH_TAIL_SEGMENTS = 4;

/** `path` (as formatJsonPath wrote it) one key or index deeper. */
export function appendJsonPath(path: string, ...segments: Array<string | number>): string {
  const tail = formatJsonPath(segments);
  if (path === ROOT_PATH || path === '') return tail;
  return tail.startsWith('[') ? `${path}${tail}` : `${path}.${tail}`;
}

/** The message of anything thrown: an Error's own message, else its text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A RegistryError's own issues (each with its file and path), else the error as one issue of `file`. */
export function issuesOf(error: unknown, file: string): RegistryIssue[] {
  return error instanceof RegistryError && error.issues.length > 0 ? error.issues : [{ file, message: errorMessage(error) }];
}

/** "N problem(s) found; nothing was registered.", carrying every issue. */
export function nothingRegistered(issues: RegistryIssue[]): RegistryError {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new RegistryError('invalid_input', `${issues.length} ${noun} found; nothing was registered.`, issues);
}

/** Longest quoted text, in characters (graphemes), before it is cut with `…`. */
export const MAX_QUOTED_CHARACTERS = 60;

/** Text in double quotes on one line, cut and escaped as `safeText` does (JSON escapes first). */
export function quoteText(text: string): string {
  return escapeInvisible(JSON.stringify(cut(text)));
}

/**
 * Text cut to MAX_QUOTED_CHARACTERS, with bidi, zero-width and control characters as `\\uXXXX`,
 * so that imported text can neither disguise the message it sits in nor break its line.
 */
export function safeText(text: string): string {
  return escapeInvisible(cut(text));
}

/**
 * Control characters (C0, DEL, C1), and those that would reorder or hide the text around them in
 * a terminal or the window (zero-width, line and paragraph separators, bidi embeddings, overrides
 * and isolates, the byte-order mark). One code unit each: none is outside the BMP.
 */
// oxlint-disable-next-line no-control-regex -- finding control characters is what it is for.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** As INVISIBLE, without the line feed and the tab: in a command's output they are its own layout. */
// oxlint-disable-next-line no-control-regex -- as above.
const INVISIBLE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** The control characters a terminal may act on (C0 but the line feed and the tab, DEL, C1). */
// oxlint-disable-next-line no-control-regex -- as above.
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const escapeCharacter = (character: string): string => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

function escapeMatches(text: string, pattern: RegExp): string {
  // Most text has none: no copy then (outputs can be megabytes of JSON).
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, escapeCharacter);
}

function escapeInvisible(text: string): string {
  return escapeMatches(text, INVISIBLE);
}

/**
 * A command's human output for a terminal: names, descriptions and a server's messages are data,
 * and a control or bidi character in them is shown as `\\uXXXX` as the window shows it (an ESC
 * could clear the screen or retitle the window, U+202E reverse what follows). Line feeds and tabs
 * stay: they are the output's own layout.
 */
export function terminalText(text: string): string {
  return escapeMatches(text, INVISIBLE_BUT_LAYOUT);
}

/**
 * A command's JSON output for a terminal: the control characters JSON.stringify leaves raw (DEL,
 * C1) written as the JSON escapes that mean the same, so the JSON stays the same JSON. Bidi
 * characters are legal, ordinary JSON text and stay as they are.
 */
export function terminalJson(text: string): string {
  return escapeMatches(text, CONTROL_BUT_LAYOUT);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function cut(text: string): string {
  if (text.length <= MAX_QUOTED_CHARACTERS) return text;
  const characters = Array.from(graphemes.segment(text), (part) => part.segment);
  return characters.length > MAX_QUOTED_CHARACTERS ? `${characters.slice(0, MAX_QUOTED_CHARACTERS - 1).join('')}…` : text;
}
