// Which interpreter the window's setting finds, and whether it has Prefect: the settings page's
// "Find". Imports prefect for real (a broken install fails here rather than at the first drop),
// in the same offline, throwaway environment as an extraction run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, RegistryError } from '../../shared/errors';
import { isJsonObject, parseJson } from '../../shared/json';
import type { PythonPreferences, PythonProbe } from '../../shared/python';
import { describeInterpreter } from './interpreter';
import { chooseWindowInterpreter, interpreterInfo, windowPythonTimeout } from './preferences';
import { removedIfInterrupted, runProcess } from './process-group';
import { extractionEnv } from './run-extraction';
import { pythonCommand } from './supervisor';

const PROBE_SCRIPT = `
import json, sys
found = {"python": "%d.%d.%d" % sys.version_info[:3], "prefect": None, "error": None}
try:
    import prefect
    found["prefect"] = str(prefect.__version__)
except BaseException as error:
    found["error"] = "%s: %s" % (type(error).__name__, error)
sys.stdout.write("\\n" + json.dumps(found) + "\\n")
`;

export async function probePython(preferences: PythonPreferences, env: NodeJS.ProcessEnv): Promise<PythonProbe> {
  let interpreter;
  try {
    interpreter = chooseWindowInterpreter(preferences, env);
  } catch (error) {
    return { ok: false, interpreter: null, python_version: null, prefect_version: null, message: errorMessage(error) };
  }
  const info = interpreterInfo(interpreter);
  const named = describeInterpreter(interpreter);
  const failed = (message: string, python: string | null = null): PythonProbe => ({ ok: false, interpreter: info, python_version: python, prefect_version: null, message });
  const home = mkdtempSync(join(tmpdir(), 'block-registry-prefect-home-'));
  const release = removedIfInterrupted(home);
  try {
    const command = pythonCommand(interpreter.command, ['-c', PROBE_SCRIPT], home);
    const run = await runProcess(interpreter.command, command.args, { cwd: home, env: extractionEnv(env, home), timeoutMs: windowPythonTimeout(env), supervised: command.supervised });
    if (run.kind === 'spawn-error') return failed(`Cannot run ${named}: ${run.message}.`);
    if (run.kind !== 'exited') return failed(`${named} did not answer in time; it was stopped.`);
    const found = lastJsonLine(run.stdout.toString('utf8'));
    if (found === null) return failed(`${named} did not run as Python (exit code ${String(run.code)}${lastLine(run.stderr)}).`);
    const python = typeof found.python === 'string' ? found.python : null;
    if (typeof found.prefect !== 'string') {
      const why = typeof found.error === 'string' ? ` (${found.error})` : '';
      return failed(
        `${named} (Python ${python ?? '?'}) has no prefect${why}: pip install prefect (into that interpreter: ${interpreter.command} -m pip install prefect), or choose another interpreter.`,
        python,
      );
    }
    return { ok: true, interpreter: info, python_version: python, prefect_version: found.prefect, message: `${named}: Python ${python ?? '?'}, Prefect ${found.prefect}.` };
  } catch (error) {
    if (error instanceof RegistryError) return failed(error.message);
    throw error;
  } finally {
    rmSync(home, { recursive: true, force: true });
    release();
  }
}

/** The probe's JSON line: the last line of stdout (whatever a sitecustomize printed before it). */
function lastJsonLine(stdout: string): Record<string, unknown> | null {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const value = parseJson(line);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').pop() ?? '';
  return line === '' ? '' : `: ${line}`;
}
