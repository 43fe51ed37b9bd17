import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStamp, RACY_MARGIN_MS } from '../../../src/main/platform/file-stamp';
import { useTempWorkspace } from '../../helpers/registry';

const temp = useTempWorkspace();
/** A clock far enough ahead that the files written by the test are not "recently changed". */
const later = (): number => Date.now() + RACY_MARGIN_MS + 60_000;

describe('fileStamp', () => {
  it('is the same for an untouched file, and null for nothing, a folder, or a file changed too recently', () => {
    const dir = temp.dir();
    const file = join(dir, 'blocks.json');
    writeFileSync(file, '{}');
    expect(fileStamp(file, later())).not.toBeNull();
    expect(fileStamp(file, later())).toBe(fileStamp(file, later()));
    expect(fileStamp(file)).toBeNull(); // just written: its times cannot tell a second change apart
    expect(fileStamp(join(dir, 'missing.json'), later())).toBeNull();
    mkdirSync(join(dir, 'folder'));
    expect(fileStamp(join(dir, 'folder'), later())).toBeNull();
  });

  it('changes when the file is written again with content of the same size, or replaced by a rename', async () => {
    const dir = temp.dir();
    const file = join(dir, 'blocks.json');
    writeFileSync(file, '{"a": 1}');
    const first = fileStamp(file, later());
    // Times move on at least by the file system's tick: wait one out, as a person editing would.
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(file, '{"a": 2}');
    const rewritten = fileStamp(file, later());
    expect(rewritten).not.toBe(first);
    writeFileSync(join(dir, 'other.json'), '{"a": 2}');
    renameSync(join(dir, 'other.json'), file);
    expect(fileStamp(file, later())).not.toBe(rewritten);
  });
});
