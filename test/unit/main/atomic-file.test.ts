// Temporaries of writers killed before their rename are cleared when the database is opened: the
// file's own and those of the side files kept beside it (the last import's report), and only a
// dead process's. The settings files, which no database open looks after, clear theirs when next written.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileAtomic } from '../../../src/main/platform/atomic-file';
import { writePythonPreferences } from '../../../src/main/python/preferences';
import { writeStoredConnections } from '../../../src/main/servers/connection-store';
import { useTempWorkspace } from '../../helpers/registry';

const temp = useTempWorkspace();
let folder = '';

it("removes a dead writer's temporaries of the file and of its side files, and nothing else", () => {
  folder = temp.dir();
  // A pid that surely belongs to no process: one that has just exited.
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
  const names = {
    deadOwn: `.registry.sqlite.${deadPid}.0a1b2c3d.tmp`,
    deadSide: `.registry.sqlite.last-import.json.${deadPid}.0a1b2c3d.tmp`,
    liveOwn: `.registry.sqlite.${process.pid}.0a1b2c3d.tmp`,
    liveSide: `.registry.sqlite.last-import.json.${process.pid}.0a1b2c3d.tmp`,
    otherFile: `.other.sqlite.${deadPid}.0a1b2c3d.tmp`,
  };
  for (const name of [...Object.values(names), 'registry.sqlite']) writeFileSync(join(folder, name), 'x');
  expect(removeStaleTemporaries(join(folder, 'registry.sqlite'))).toBe(2);
  expect(readdirSync(folder).sort()).toEqual([names.otherFile, names.liveSide, names.liveOwn, 'registry.sqlite'].sort());
});

it.runIf(process.platform === 'linux')(
  "removes a temporary whose writer's pid now names a process started after it was written (the pid reused; Linux only: a process start is read from /proc)",
  () => {
    folder = temp.dir();
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const reused = `.registry.sqlite.${unrelated.pid}.0a1b2c3d.tmp`;
      const fresh = `.registry.sqlite.${unrelated.pid}.4e5f6a7b.tmp`;
      for (const name of [reused, fresh, 'registry.sqlite']) writeFileSync(join(folder, name), 'x');
      // Written an hour before that process started: a process of before, whose pid it was given.
      const anHourAgo = Date.now() / 1000 - 3600;
      utimesSync(join(folder, reused), anHourAgo, anHourAgo);
      expect(removeStaleTemporaries(join(folder, 'registry.sqlite'))).toBe(1);
      expect(readdirSync(folder).sort()).toEqual([fresh, 'registry.sqlite'].sort());
    } finally {
      unrelated.kill();
    }
  },
);

it("removes a dead writer's temporaries of a settings file when the file is next written", () => {
  folder = temp.dir();
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
  const left = [`.python-settings.json.${deadPid}.0a1b2c3d.tmp`, `.server-connections.json.${deadPid}.0a1b2c3d.tmp`];
  const alive = `.python-settings.json.${process.pid}.0a1b2c3d.tmp`;
  for (const name of [...left, alive]) writeFileSync(join(folder, name), 'x');
  writePythonPreferences(join(folder, 'python-settings.json'), { interpreter_path: '', run_at_launch: false });
  writeStoredConnections(join(folder, 'server-connections.json'), []);
  expect(readdirSync(folder).sort()).toEqual([alive, 'python-settings.json', 'server-connections.json'].sort());
});

it('never replaces a file made read-only (the rename would, whatever its permissions): a clear error, the file as it was', () => {
  folder = temp.dir();
  const path = join(folder, 'export.json');
  writeFileSync(path, 'kept');
  chmodSync(path, 0o444);
  expect(() => writeFileAtomic(path, new TextEncoder().encode('replaced'))).toThrow(`${path} is read-only; nothing was changed. Make the file writable (chmod u+w) to change it.`);
  expect(readFileSync(path, 'utf8')).toBe('kept');
  expect(readdirSync(folder)).toEqual(['export.json']);
});
