// What the extraction script printed, read strictly: its one JSON document (numbers kept as their
// lexemes by the lossless reader), each of its failures said as the person needs to hear it, and
// anything else called what it is, output that is not what the script promises.
import { RegistryError } from '../../shared/errors';
import { isJsonObject, isLosslessNumber, parseJson, type JsonObject } from '../../shared/json';
import { describeInterpreter, type PythonInterpreter } from './interpreter';

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
  const document = documentOf(run);
  if (document === null) throw badOutput(target, interpreter, run);
  if (document.ok === true) {
    const { python, prefect, executable, blocks } = document;
    if (typeof python !== 'string' || typeof prefect !== 'string' || typeof executable !== 'string' || !Array.isArray(blocks) || !blocks.every(isJsonObject)) {
      throw badOutput(target, interpreter, run);
    }
    return { interpreter, executable, pythonVersion: python, prefectVersion: prefect, blocks };
  }
  throw failureOf(target, interpreter, document, run);
}

function documentOf(run: ExitedRun): JsonObject | null {
  if (run.truncated) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(run.stdout);
  } catch {
    return null;
  }
  try {
    const value = parseJson(text);
    return isJsonObject(value) && value.protocol !== undefined && typeof value.ok === 'boolean' ? value : null;
  } catch {
    return null;
  }
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
      return badOutput(target, interpreter, run, message);
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

function badOutput(target: ExtractionTarget, interpreter: PythonInterpreter, run: ExitedRun, detail = ''): RegistryError {
  const label = target.kind === 'file' ? target.label : `module ${target.name}`;
  const lastLine = run.stderr.trim().split('\n').pop() ?? '';
  const why = detail !== '' ? detail : lastLine !== '' ? lastLine : `exit code ${String(run.code)}, ${run.stdout.length} bytes on stdout`;
  const message = `the block extraction script did not give the JSON document it promises when run by ${describeInterpreter(interpreter)} (${why}).`;
  return new RegistryError('python', `${label}: ${message}`, [{ file: label, message }]);
}
