// What the extraction script printed, read strictly: its one JSON document (numbers kept as their
// lexemes by the lossless reader), each of its failures said as the person needs to hear it, and
// anything else called what it is, output that is not what the script promises.
import { errorMessage, RegistryError } from '../../shared/errors';
import { isJsonObject, isLosslessNumber, parseJson, type JsonObject } from '../../shared/json';
import { describeInterpreter, type PythonInterpreter } from './interpreter';
import { MAX_STDOUT_BYTES } from './process-group';

export type ExtractionTarget = { kind: 'file'; path: string; label: string } | { kind: 'module'; name: string };

export interface Extraction {
  interpreter: PythonInterpreter;
  /** The interpreter's own path (`sys.executable`). */
  executable: string;
  pythonVersion: string;
  prefectVersion: string;
  /** One block type with its `block_schema` each, nested blocks first. */
  blocks: JsonObject[];
}

interface ExitedRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  truncated: boolean;
}

/** The extraction, or the RegistryError for the failure the script reported (or for its unexpected output). */
export function readExtractionOutput(target: ExtractionTarget, interpreter: PythonInterpreter, run: ExitedRun): Extraction {
  const [extraction] = readExtractionOutputs([target], interpreter, run);
  if (extraction instanceof RegistryError || extraction === undefined) throw extraction ?? badOutput(target, interpreter, run, 'no document');
  return extraction;
}

/**
 * Each target's extraction, or the RegistryError for its failure, in the targets' order: one run
 * reads several (the script then prints one document per target inside its own).
 */
export function readExtractionOutputs(targets: readonly ExtractionTarget[], interpreter: PythonInterpreter, run: ExitedRun): Array<Extraction | RegistryError> {
  const read = documentOf(run);
  if ('problem' in read) return targets.map((target) => badOutput(target, interpreter, run, read.problem));
  const { document } = read;
  const [only] = targets;
  if (targets.length === 1 && only !== undefined) return [extractionOf(only, interpreter, document, run)];
  // A failure of the whole run (no prefect, a usage error) is every target's.
  if (document.ok !== true) return targets.map((target) => failureOf(target, interpreter, document, run));
  const documents = document.targets;
  if (!Array.isArray(documents) || documents.length !== targets.length || !documents.every(isJsonObject)) {
    return targets.map((target) => badOutput(target, interpreter, run, `its document lacks one document for each of the ${targets.length} files and modules`));
  }
  return targets.map((target, index) => extractionOf(target, interpreter, documents[index] as JsonObject, run));
}

function extractionOf(target: ExtractionTarget, interpreter: PythonInterpreter, document: JsonObject, run: ExitedRun): Extraction | RegistryError {
  if (document.ok !== true) return failureOf(target, interpreter, document, run);
  const { python, prefect, executable, blocks } = document;
  if (typeof python !== 'string' || typeof prefect !== 'string' || typeof executable !== 'string' || !Array.isArray(blocks) || !blocks.every(isJsonObject)) {
    return badOutput(target, interpreter, run, 'its document lacks the python, prefect and executable strings or the list of blocks');
  }
  return { interpreter, executable, pythonVersion: python, prefectVersion: prefect, blocks };
}

/** The one document on stdout, or what is wrong with stdout, said for the person reading the error. */
function documentOf(run: ExitedRun): { document: JsonObject } | { problem: string } {
  if (run.truncated) return { problem: `more than ${MAX_STDOUT_BYTES / (1024 * 1024)} MB on stdout; it was stopped` };
  if (run.stdout.length === 0) return { problem: withExitCode('nothing on stdout', run) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(run.stdout);
  } catch {
    return { problem: withExitCode('stdout is not UTF-8', run) };
  }
  let value;
  try {
    value = parseJson(text);
  } catch (error) {
    // Only what runs before the script can print there: the script sends the user's own output to stderr.
    if (endsWithDocument(text)) return { problem: withExitCode(PRINTED_BEFORE_DOCUMENT, run) };
    // The parser's own words say where: a second document, junk, a document cut short.
    return { problem: withExitCode(`stdout is not one JSON document: ${errorMessage(error)}`, run) };
  }
  if (!isJsonObject(value) || value.protocol === undefined || typeof value.ok !== 'boolean') return { problem: withExitCode('stdout is JSON, but not its document', run) };
  return { document: value };
}

const PRINTED_BEFORE_DOCUMENT = "something printed on stdout before its document, at the interpreter's start-up (a sitecustomize or usercustomize module, or a .pth file?)";

/** Whether the last line is the script's document, after something that is not JSON (a second document is not that). */
function endsWithDocument(text: string): boolean {
  const lines = text.trimEnd().split('\n');
  if (lines.length < 2) return false;
  try {
    const last = parseJson(lines[lines.length - 1] ?? '');
    if (!isJsonObject(last) || last.protocol === undefined || typeof last.ok !== 'boolean') return false;
  } catch {
    return false;
  }
  try {
    parseJson(lines.slice(0, -1).join('\n'));
    return false;
  } catch {
    return true;
  }
}

function withExitCode(problem: string, run: ExitedRun): string {
  return `${problem}, exit code ${run.code === null ? 'none (ended by a signal)' : String(run.code)}`;
}

function failureOf(target: ExtractionTarget, interpreter: PythonInterpreter, document: JsonObject, run: ExitedRun): RegistryError {
  const message = typeof document.message === 'string' ? document.message : '';
  const label = target.kind === 'file' ? target.label : `module ${target.name}`;
  const python = typeof document.python === 'string' ? `Python ${document.python}` : 'Python';
  switch (document.kind) {
    case 'no-prefect':
      return new RegistryError(
        'python',
        `${describeInterpreter(interpreter)} (${python}) has no prefect: pip install prefect (into that interpreter: ${interpreter.command} -m pip install prefect), or choose another one with --python PATH.`,
      );
    case 'load':
      return fileProblem(target, `${where(target, document)}${message}`);
    case 'no-blocks':
      return fileProblem(target, `no Block classes found in ${label}: a block is a subclass of prefect.blocks.core.Block.`);
    default:
      // The script's own words for what went wrong inside it (an internal error).
      return badOutput(target, interpreter, run, message === '' ? withExitCode('a failure of an unknown kind', run) : message, false);
  }
}

/** "line 3: " for the user's own file, "/other/helper.py, line 7: " for a file it imports. */
function where(target: ExtractionTarget, document: JsonObject): string {
  const line = document.line;
  const lineText = isLosslessNumber(line) ? line.toString() : null;
  const file = typeof document.file === 'string' ? document.file : null;
  const own = target.kind === 'file' && (file === null || file === target.path || file.endsWith(`/${baseName(target.path)}`));
  const place = [own ? null : file, lineText === null ? null : `line ${lineText}`].filter((part): part is string => part !== null).join(', ');
  return place === '' ? '' : `${place}: `;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function fileProblem(target: ExtractionTarget, message: string): RegistryError {
  const file = target.kind === 'file' ? target.label : `module ${target.name}`;
  // No JSON path: the place is the line in the message.
  return new RegistryError('invalid_input', `${file}: ${message}`, [{ file, message }]);
}

/** Lines of stderr this long are cut: one huge line must not become the whole message. */
const STDERR_LINE_CHARS = 300;

function badOutput(target: ExtractionTarget, interpreter: PythonInterpreter, run: ExitedRun, problem: string, withStderr = true): RegistryError {
  const label = target.kind === 'file' ? target.label : `module ${target.name}`;
  const lastLine = run.stderr.trim().split('\n').pop() ?? '';
  const cut = lastLine.length > STDERR_LINE_CHARS ? `${lastLine.slice(0, STDERR_LINE_CHARS)}…` : lastLine;
  const why = withStderr && cut !== '' ? `${problem}; last line of stderr: ${cut}` : problem;
  const message = `the block extraction script did not give the JSON document it promises when run by ${describeInterpreter(interpreter)} (${why}).`;
  return new RegistryError('python', `${label}: ${message}`, [{ file: label, message }]);
}
