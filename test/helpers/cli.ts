// Runs the command line in-process (`runCli`) and captures what it prints; a per-test folder and
// database path for command-line tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { runCli, type CliIo } from '../../src/main/cli/run';
import { stringifyJson, type JsonValue } from '../../src/shared/json';
import { useTempWorkspace } from './registry';

export interface CliResult {
  code: number;
  /** Every stdout write, joined by '\n'. */
  stdout: string;
  /** Every stderr write, joined by '\n'. */
  stderr: string;
}

/** Runs `argv` with `env` as the environment (not the process's own). */
export async function cliWithEnv(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env };
  const code = await runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Runs `argv` with an empty environment. */
export function cli(...argv: string[]): Promise<CliResult> {
  return cliWithEnv({}, ...argv);
}

export interface CliWorkspace {
  /** This test's own temporary folder, removed after it. */
  readonly folder: string;
  /** `registry.sqlite` in the folder, not created: commands create it, or say it does not exist. */
  readonly dbPath: string;
  /** The path of `names` (joined) in the folder. */
  path: (...names: string[]) => string;
  /** Writes `value` as indented JSON (numbers as written) to `name` in the folder; its path. */
  writeJson: (name: string, value: JsonValue) => string;
}

/** A fresh folder and database path for each test of the file (call at the top level). */
export function useCliWorkspace(): CliWorkspace {
  const temp = useTempWorkspace();
  let folder: string | undefined;
  beforeEach(() => {
    folder = temp.dir();
  });
  const current = (): string => {
    if (folder === undefined) throw new Error('useCliWorkspace: used outside a test');
    return folder;
  };
  const workspace: CliWorkspace = {
    get folder() {
      return current();
    },
    get dbPath() {
      return join(current(), 'registry.sqlite');
    },
    path: (...names) => join(current(), ...names),
    writeJson(name, value) {
      const path = workspace.path(name);
      writeFileSync(path, stringifyJson(value, 2));
      return path;
    },
  };
  return workspace;
}
