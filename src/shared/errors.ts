// Errors that cross the IPC boundary and the command line: a code the caller can act on,
// a message a person can read, and where in which input the problem is.

export type RegistryErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'protected'
  | 'missing_block_type'
  | 'missing_definition'
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

/** `file: path: message`, leaving out the parts that are unknown. */
export function formatIssue(issue: RegistryIssue): string {
  return [issue.file, issue.path, issue.message].filter((part) => part !== undefined && part !== '').join(': ');
}

/** The path of a whole document. */
export const ROOT_PATH = '$';

/** Dotted JSON path (`$` for the whole document); keys that would be ambiguous in dotted form are bracketed. */
export function formatJsonPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return ROOT_PATH;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-][A-Za-z0-9_$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

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
