// The lint and type-check configuration really enforces the boundaries between processes and
// between the rooms of src/main, and keeps import circles and unused exports out: in a copy of
// the project, files that break each rule are planted, the real commands (npm run lint's oxlint
// and knip, npm run typecheck's tsc projects) run, and they must fail on exactly those files. One
// run per command: "nothing else reported" is what proves the rest of the tree clean.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
/**
 * What the copy leaves out: installed, built, or produced by runs. The Prefect venv above all:
 * npm test builds it beside this test, and copying (then deleting) thousands of files being
 * written is slow and racy.
 */
const NOT_COPIED = new Set(['node_modules', '.git', '.venv', 'out', 'test-results', 'playwright-report', '.bench', '.scratch']);

/** A function of 84 lines, over the limit of 80. */
function longFunction(name: string): string {
  const body = Array.from({ length: 80 }, (_, index) => `  total += ${index};`).join('\n');
  return `export function ${name}(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
}

/** Planted file -> the rule that must name it. */
const LINT_PLANTS: Record<string, { code: string; rule: string }> = {
  // (a) the renderer is a browser page: no Node modules
  'src/renderer/zz-planted-node-import.ts': { code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", rule: 'eslint(no-restricted-imports)' },
  // (b) shared code runs in both processes: no Node, Electron, React, nor the processes' code
  'src/shared/zz-planted-node-import.ts': { code: "import { join } from 'node:path';\nexport const joined = join('a', 'b');\n", rule: 'eslint(no-restricted-imports)' },
  'src/shared/zz-planted-react-import.ts': { code: "import { useState } from 'react';\nexport const hook = useState;\n", rule: 'eslint(no-restricted-imports)' },
  'src/shared/formats/zz-planted-main-import.ts': { code: "import { runCli } from '../../main/cli';\nexport const cli = runCli;\n", rule: 'eslint(no-restricted-imports)' },
  // (c) the renderer reaches main only through window.api
  'src/renderer/components/zz-planted-main-import.ts': { code: "import { runCli } from '../../main/cli';\nexport const cli = runCli;\n", rule: 'eslint(no-restricted-imports)' },
  // (f) the window's models are pure: no React, nothing of the store, the bridge or the page
  'src/renderer/model/zz-planted-react-import.ts': { code: "import { useMemo } from 'react';\nexport const memo = useMemo;\n", rule: 'eslint(no-restricted-imports)' },
  'src/renderer/model/zz-planted-store-import.ts': { code: "import { useRegistry } from '../store/context';\nexport const registry = useRegistry;\n", rule: 'eslint(no-restricted-imports)' },
  'src/renderer/model/zz-planted-window.ts': { code: 'export function width(): number {\n  return window.innerWidth;\n}\n', rule: 'eslint(no-restricted-globals)' },
  // (e) no renderer function (nor a shared one) over 80 lines: long views are split
  'src/renderer/views/zz-planted-long-function.ts': { code: longFunction('plantedView'), rule: 'eslint(max-lines-per-function)' },
  'src/shared/zz-planted-long-function.ts': { code: longFunction('plantedRule'), rule: 'eslint(max-lines-per-function)' },
  // (d) a promise nobody awaits in the main process
  'src/main/zz-planted-floating-promise.ts': {
    code: 'async function save(): Promise<void> {}\nexport function saveLater(): void {\n  save();\n}\n',
    rule: 'typescript(no-floating-promises)',
  },
  // only src/main/index.ts and src/preload import electron
  'src/main/zz-planted-electron-import.ts': { code: "import { app } from 'electron';\nexport const electronApp = app;\n", rule: 'eslint(no-restricted-imports)' },
  // a room of src/main imports only from the rooms below it (registry sits below operations)
  'src/main/registry/zz-planted-upward-import.ts': { code: "import { launchRegistry } from '../operations/launch';\nexport const launch = launchRegistry;\n", rule: 'eslint(no-restricted-imports)' },
  // no import circles, type imports included
  'src/main/db/zz-planted-cycle-a.ts': { code: "import type { B } from './zz-planted-cycle-b';\nexport interface A {\n  b: B;\n}\n", rule: 'import(no-cycle)' },
  'src/main/db/zz-planted-cycle-b.ts': { code: "import type { A } from './zz-planted-cycle-a';\nexport interface B {\n  a: A;\n}\n", rule: 'import(no-cycle)' },
};

/** Planted export (appended to a file that is in use) -> nothing imports it, which knip must report. */
const UNUSED_EXPORT_PLANTS: Record<string, string> = {
  'src/main/platform/paths.ts': 'plantedUnusedExport',
};

/** Planted file -> the tsconfig project that must reject it. */
const TYPECHECK_PLANTS: Record<string, { code: string; project: string }> = {
  'src/main/zz-planted-dom.ts': { code: 'export const title = document.title;\n', project: 'tsconfig.node.json' },
  'src/renderer/zz-planted-process.ts': { code: 'export const home = process.env.HOME;\n', project: 'tsconfig.web.json' },
  'src/shared/zz-planted-window.ts': { code: 'export const width = window.innerWidth;\n', project: 'tsconfig.node.json' },
};

// A few seconds each on an idle machine; a busy 2-core one (npm test runs suites side by side) is
// many times slower.
const LINT_AND_TSC_TIMEOUT = 180_000;

let copy = '';

function plant(files: Record<string, { code: string }>): void {
  for (const [path, { code }] of Object.entries(files)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), code);
  }
}

function unplant(files: Record<string, unknown>): void {
  for (const path of Object.keys(files)) rmSync(join(copy, path), { force: true });
}

function runIn(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join(copy, 'node_modules', '.bin', command), args, { cwd: copy, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The files named at the start of `path:line:col: ...` (oxlint's unix format) or `path(line,col): error` (tsc). */
function reportedFiles(output: string): Set<string> {
  const files = new Set<string>();
  for (const line of output.split('\n')) {
    const match = /^([\w./-]+\.(?:ts|tsx|mjs|cjs|js))(?::\d+:\d+:|\(\d+,\d+\): error)/.exec(line);
    if (match?.[1] !== undefined) files.add(match[1]);
  }
  return files;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'block-registry-boundaries-'));
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(source.slice(ROOT.length + 1).split('/')[0] ?? '') });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
}, 60_000);

afterAll(() => {
  if (copy !== '') rmSync(copy, { recursive: true, force: true });
}, 60_000);

describe('import boundaries and floating promises (npm run lint)', () => {
  it('fails on each planted file, with its rule, and on nothing else', { timeout: LINT_AND_TSC_TIMEOUT }, () => {
    plant(LINT_PLANTS);
    const { status, output } = runIn('oxlint', ['-f', 'unix']);
    unplant(LINT_PLANTS);
    expect(status, output).not.toBe(0);
    for (const [path, { rule }] of Object.entries(LINT_PLANTS)) {
      expect(
        output.split('\n').some((line) => line.startsWith(`${path}:`) && line.includes(rule)),
        `${path} reported for ${rule}\n${output}`,
      ).toBe(true);
    }
    expect([...reportedFiles(output)].sort(), output).toEqual(Object.keys(LINT_PLANTS).sort());
  });
});

describe('unused exports (npm run lint: knip)', () => {
  it('reports an export nothing imports, and nothing else', { timeout: LINT_AND_TSC_TIMEOUT }, () => {
    const originals = new Map(Object.keys(UNUSED_EXPORT_PLANTS).map((path) => [path, readFileSync(join(copy, path), 'utf8')]));
    for (const [path, name] of Object.entries(UNUSED_EXPORT_PLANTS)) appendFileSync(join(copy, path), `\nexport const ${name} = 1;\n`);
    const { status, output } = runIn('knip', ['--reporter', 'compact']);
    for (const [path, text] of originals) writeFileSync(join(copy, path), text);
    expect(status, output).not.toBe(0);
    const reported = output.split('\n').filter((line) => /^[\w./-]+\.tsx?: /.test(line));
    expect(reported.sort(), output).toEqual(Object.entries(UNUSED_EXPORT_PLANTS).map(([path, name]) => `${path}: ${name}`));
  });
});

describe('environments (npm run typecheck)', () => {
  it('the Node project rejects the DOM and the web project rejects Node, on the planted files only', { timeout: LINT_AND_TSC_TIMEOUT }, () => {
    plant(TYPECHECK_PLANTS);
    const node = runIn('tsc', ['--noEmit', '-p', 'tsconfig.node.json']);
    const web = runIn('tsc', ['--noEmit', '-p', 'tsconfig.web.json']);
    unplant(TYPECHECK_PLANTS);
    const expectedIn = (project: string) => Object.keys(TYPECHECK_PLANTS).filter((path) => TYPECHECK_PLANTS[path]?.project === project);
    expect(node.status, node.output).not.toBe(0);
    expect([...reportedFiles(node.output)].sort(), node.output).toEqual(expectedIn('tsconfig.node.json').sort());
    expect(web.status, web.output).not.toBe(0);
    // src/shared is in both projects: window is the DOM's, so the web project accepts it.
    expect([...reportedFiles(web.output)].sort(), web.output).toEqual(expectedIn('tsconfig.web.json').sort());
  });
});
