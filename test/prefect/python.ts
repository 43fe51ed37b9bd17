// Running the pinned venv's python from the differential tests, with Prefect offline and quiet
// in a temporary home of its own (scripts/prefect-venv.mjs, prefectEnv).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';
// The ProvidedContext it declares (prefectPython), for every program that includes this file.
import type {} from './global-setup';

export const PYTHON_DIR = join(process.cwd(), 'test', 'prefect', 'python');
export const DUMP_SCRIPT = join(process.cwd(), 'scripts', 'prefect', 'dump_builtin_blocks.py');

export function prefectPython(): string {
  return inject('prefectPython');
}

export interface PythonResult {
  stdout: string;
  stderr: string;
}

/** Runs `python args…` to completion (the pinned venv's python unless another is given); rejects with its stderr when it exits non-zero. */
export function runPython(args: string[], extraEnv: NodeJS.ProcessEnv = {}, python = prefectPython()): Promise<PythonResult> {
  const { env, home } = prefectEnv();
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (code === 0) resolve(result);
      else reject(new Error(`python ${args.join(' ')} exited with ${String(code)}:\n${result.stderr.slice(-4000)}`));
    });
  });
}
