import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_FILE, findResourcesDir } from '../../../src/main/platform/resources';
import { useTempWorkspace } from '../../helpers/registry';

describe('sql.js WebAssembly', () => {
  const workspace = useTempWorkspace();

  // Tiering SQLite up to TurboFan cost a command about 250 ms (compilations a process waits for
  // before it exits; docs/decisions/liftoff-only.md). V8 traces each function it compiles, and with which compiler.
  it('runs on the baseline compiler only: an import compiles nothing with TurboFan', () => {
    const result = spawnSync(
      process.execPath,
      ['--trace-wasm-compilation-times', '--import', 'tsx', 'src/main/cli/main.ts', 'import', join(findResourcesDir(), CATALOGUE_FILE), '--db', join(workspace.dir(), 'registry.sqlite')],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(result.status, result.stderr).toBe(0);
    // Each line names its module (an address) and the function's index. Node compiles small
    // modules of its own too (its CommonJS lexer) before ours: SQLite's is the one with thousands of functions.
    const compiled = [...(result.stdout + result.stderr).matchAll(/Compiled function (0x[0-9a-f]+)#(\d+) using (\w+)/g)].map(([, module, index, compiler]) => ({
      module,
      index: Number(index),
      compiler,
    }));
    const sqlite = compiled.find((line) => line.index > 1000)?.module;
    expect(sqlite, 'no trace of SQLite being compiled').toBeDefined();
    const ofSqlite = compiled.filter((line) => line.module === sqlite);
    expect(ofSqlite.filter((line) => line.compiler === 'Liftoff').length).toBeGreaterThan(100);
    expect(ofSqlite.filter((line) => line.compiler !== 'Liftoff')).toEqual([]);
  }, 60_000);
});
