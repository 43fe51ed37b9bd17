// A save that cannot complete (the disk is full, the folder is read-only) gives a clear error,
// leaves the previous file intact, and leaves the app working with what the disk holds. Uses
// small tmpfs mounts, which need root (CI and this project's machines run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { textFile, useTempFolder } from '../helpers/registry';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { recordFigures } from './record';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
const folder = useTempFolder('disk');
const mounts: string[] = [];

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'block-registry-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const mountable = canMount();

function mountTmpfs(name: string, size: string): string {
  const dir = join(folder, name);
  mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

beforeAll(() => {});
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
});

// Skipped (and reported so by the reliability table) where tmpfs cannot be mounted: no root.
if (!mountable) recordFigures('disk-failures', { skipped: 'mounting tmpfs needs root with mount rights' });

describe.skipIf(!mountable)('saving when the disk cannot take it (tmpfs mounts; skipped without root mount rights)', () => {
  it('disk full during a save: clear error, previous file intact, no temporary file left, app keeps working', async () => {
    const dir = mountTmpfs('full', '1m');
    const path = join(dir, 'registry.sqlite');
    expect(spawnSync(process.execPath, [CLI, 'auto-register', '--db', path]).status).toBe(0);
    const before = readFileSync(path);

    const registry = await openDatabase(path);
    const entries = await parseBlockFiles([textFile('big.json', generateCatalogue(2000))]);
    await expect(importEntries(registry, entries)).rejects.toMatchObject({ code: 'save_failed', message: expect.stringMatching(/^Could not save .*ENOSPC.*Nothing was changed\.$/) });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // In memory too, the app is back to what the disk holds, and can still write small changes.
    expect((await readBlockTypes(registry.db)).length).toBe(54);
    await registry.write((trx) => trx.updateTable('block_type').set({ description: 'still works' }).where('slug', '=', 'secret').execute());
    await registry.close();

    const cli = spawnSync(process.execPath, [CLI, 'import', writeCatalogue('big-cli.json', 2000), '--db', path], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/Could not save .*ENOSPC/);
  });

  it('read-only folder: reads work, a write is refused clearly, the file untouched', async () => {
    const dir = mountTmpfs('readonly', '4m');
    const path = join(dir, 'registry.sqlite');
    expect(spawnSync(process.execPath, [CLI, 'auto-register', '--db', path]).status).toBe(0);
    const before = readFileSync(path);
    execFileSync('mount', ['-o', 'remount,ro', dir]);

    const types = spawnSync(process.execPath, [CLI, 'types', '--db', path], { encoding: 'utf8' });
    expect(types.status).toBe(0);
    expect(types.stdout.trimEnd().split('\n')).toHaveLength(54);
    const run = spawnSync(process.execPath, [CLI, 'import', writeCatalogue('small.json', 3), '--db', path], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Cannot write in the folder of ${path} (EROFS: the file system is read-only). Nothing was changed.`);
    expect(readFileSync(path).equals(before)).toBe(true);
    recordFigures('disk-failures', { disk_full_saves_refused: 2, read_only_writes_refused: 1, files_damaged: 0 });
  });
});

function writeCatalogue(name: string, types: number): string {
  const path = join(folder, name);
  writeFileSync(path, generateCatalogue(types));
  return path;
}

/**
 * How to run the command line as a user without root's power over permission bits: as ourselves
 * when we are not root; as `nobody` through setpriv when we are; else why it cannot be done.
 */
function unprivilegedRunner(): { command: string[] } | { skipped: string } {
  if (process.getuid?.() !== 0) return { command: [] };
  if (!existsSync('/usr/bin/setpriv')) return { skipped: 'running as root, and setpriv (util-linux) is not installed to become nobody' };
  const id = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  if (id.status !== 0) return { skipped: 'running as root, and there is no user nobody to become' };
  const uid = id.stdout.trim();
  const gid = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim();
  const command = ['/usr/bin/setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
  // A checkout inside a folder only root may enter (as `mktemp -d` makes them) hides the built
  // command line from nobody.
  const [setpriv = '', ...asNobody] = command;
  if (spawnSync(setpriv, [...asNobody, '/usr/bin/test', '-r', CLI]).status !== 0) return { skipped: `running as root, and nobody cannot read ${CLI} (a folder on its path is root's only)` };
  return { command };
}

const unprivileged = unprivilegedRunner();

// The folder is writable, so the atomic save's rename would replace the file whatever its bits say.
describe('a database made read-only (chmod 444), for a user who is not root', () => {
  it.skipIf('skipped' in unprivileged)(`import is refused, the file unchanged${'skipped' in unprivileged ? ` (skipped: ${unprivileged.skipped})` : ''}`, () => {
    if (!('command' in unprivileged)) return;
    // A folder of its own, which that user can reach and write (the suite's folder is root's own).
    const dir = mkdtempSync(join(tmpdir(), 'block-registry-read-only-'));
    chmodSync(dir, 0o777);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[]) => {
      const argv = [...unprivileged.command, process.execPath, CLI, ...args];
      return spawnSync(argv[0] ?? process.execPath, argv.slice(1), { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
    };
    const path = join(dir, 'registry.sqlite');
    const created = run(['auto-register', '--db', path]);
    expect(created.status, created.stderr).toBe(0);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const catalogue = join(dir, 'small.json');
    writeFileSync(catalogue, generateCatalogue(3));
    chmodSync(catalogue, 0o644);

    const refused = run(['import', catalogue, '--db', path]);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toBe(`block-registry: ${path} is read-only; nothing was changed. Make the file writable (chmod u+w) to change it.\n`);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir).sort()).toEqual(['registry.sqlite', 'small.json']);
    expect(run(['types', '--db', path]).status).toBe(0);
  });
});
