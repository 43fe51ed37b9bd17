// Runs the command line in-process (`runCli`) and captures what it prints.
import { runCli, type CliIo } from '../../src/main/cli/run';

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
