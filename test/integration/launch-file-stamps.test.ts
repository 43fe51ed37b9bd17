// Launch skips a source whose file has the stamp recorded at its last registration (device,
// inode, size, times: fs/file-stamp), without reading or hashing it; any other source is read
// and hashed as before, and an unchanged one gets its new stamp recorded.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { RegistryDatabase } from '../../src/main/db/database';
import { fileStamp, RACY_MARGIN_MS } from '../../src/main/fs/file-stamp';
import { runBlockAutoRegistration } from '../../src/main/operations/auto-register';
import { bundledSources } from '../../src/main/sources/bundled';
import { folderSources, pythonModulesIn } from '../../src/main/sources/folder';
import { parseBlockFile } from '../../src/main/files/read-block-files';
import type { RegistrationSource } from '../../src/main/sources/source';
import type { RegistrationReport } from '../../src/shared/report';
import { CATALOGUE_FILE, SYSTEM_BLOCKS_FILE, SYSTEM_BLOCKS_PATH, readCatalogueText, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

/** A copy of the bundled resources, whose files the test may change. */
function resourcesCopy(): string {
  const dir = temp.dir();
  mkdirSync(join(dir, 'prefect'));
  writeFileSync(join(dir, SYSTEM_BLOCKS_FILE), readFileSync(SYSTEM_BLOCKS_PATH));
  writeFileSync(join(dir, CATALOGUE_FILE), readCatalogueText());
  return dir;
}

interface Launcher {
  launch: () => Promise<RegistrationReport>;
  /** The files read so far, one per read. */
  reads: string[];
}

/**
 * The bundled sources on `dir`, counting reads. `trusted`: stamps taken as if a while after the
 * files were written (they are new, so their own stamps are not trusted yet).
 */
function launcher(registry: RegistryDatabase, dir: string, trusted = true): Launcher {
  const reads: string[] = [];
  const fileOf = (source: RegistrationSource): string => join(dir, source.name === 'catalogue' ? CATALOGUE_FILE : SYSTEM_BLOCKS_FILE);
  const wrappers = new Map<() => Uint8Array, () => Uint8Array>();
  const sources = bundledSources(dir).map((source): RegistrationSource => {
    let readContent = wrappers.get(source.readContent);
    if (readContent === undefined) {
      const read = source.readContent;
      readContent = () => {
        reads.push(fileOf(source).slice(dir.length + 1));
        return read();
      };
      wrappers.set(source.readContent, readContent);
    }
    return { ...source, readContent, stamp: trusted ? () => fileStamp(fileOf(source), Date.now() + RACY_MARGIN_MS + 60_000) : source.stamp };
  });
  return { launch: () => runBlockAutoRegistration(registry, sources), reads };
}

const statuses = (report: RegistrationReport): string[] => report.sources.map((source) => source.status);
const hashes = (report: RegistrationReport): Array<string | null> => report.sources.map((source) => source.content_hash);

async function storedStamps(registry: RegistryDatabase): Promise<Array<string | null>> {
  const rows = await registry.db.selectFrom('registration_source').select(['name', 'file_stamp']).orderBy('name').execute();
  return rows.map((row) => row.file_stamp);
}

describe('file stamps at launch', () => {
  it('skips every source whose stamp is recorded without reading its file, reporting the hash it was registered with', async () => {
    const { registry } = await temp.fresh();
    const { launch, reads } = launcher(registry, resourcesCopy());
    const first = await launch();
    expect(statuses(first)).toEqual(['registered', 'registered', 'registered']);
    expect(reads).toEqual([SYSTEM_BLOCKS_FILE, CATALOGUE_FILE]);
    expect(await storedStamps(registry)).not.toContain(null);

    const second = await launch();
    expect(statuses(second)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(hashes(second)).toEqual(hashes(first));
    expect(reads).toEqual([SYSTEM_BLOCKS_FILE, CATALOGUE_FILE]);
  });

  it('reads a file whose stamp changed: the same content is skipped and its new stamp recorded, so the next launch does not read it', async () => {
    const { registry } = await temp.fresh();
    const dir = resourcesCopy();
    const { launch, reads } = launcher(registry, dir);
    await launch();
    const before = await storedStamps(registry);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(join(dir, CATALOGUE_FILE), readCatalogueText()); // written again, the same bytes

    expect(statuses(await launch())).toEqual(['skipped', 'skipped', 'skipped']);
    expect(reads).toEqual([SYSTEM_BLOCKS_FILE, CATALOGUE_FILE, CATALOGUE_FILE]);
    const after = await storedStamps(registry);
    expect(after).not.toEqual(before);
    expect(after).not.toContain(null);

    expect(statuses(await launch())).toEqual(['skipped', 'skipped', 'skipped']);
    expect(reads).toHaveLength(3);
  });

  it('registers a file changed to content of the same size', async () => {
    const { registry } = await temp.fresh();
    const dir = resourcesCopy();
    const { launch } = launcher(registry, dir);
    await launch();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = readCatalogueText();
    const edited = text.replace('"description": "Block used to manage', '"description": "Block used to handle');
    expect(edited).not.toBe(text);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    writeFileSync(join(dir, CATALOGUE_FILE), edited);

    const report = await launch();
    expect(statuses(report)).toEqual(['skipped', 'skipped', 'registered']);
    expect(report.sources[2]?.counts.updated).toBeGreaterThan(0);
  });

  it('reads and hashes, every launch, a file changed too recently for its stamp to be trusted', async () => {
    const { registry } = await temp.fresh();
    const { launch, reads } = launcher(registry, resourcesCopy(), false);
    expect(statuses(await launch())).toEqual(['registered', 'registered', 'registered']);
    expect(await storedStamps(registry)).toEqual([null, null, null]);
    expect(statuses(await launch())).toEqual(['skipped', 'skipped', 'skipped']);
    expect(reads).toEqual([SYSTEM_BLOCKS_FILE, CATALOGUE_FILE, SYSTEM_BLOCKS_FILE, CATALOGUE_FILE]);
  });

  it('fills in the stamps of a file registered by the version before them, which had none', async () => {
    const { registry, path } = await temp.fresh();
    const dir = resourcesCopy();
    await launcher(registry, dir).launch();
    // The file as the version before stamps left it: no stamp column (nor the later client
    // fields), those migrations not applied.
    await registry.write(async (trx) => {
      await sql`ALTER TABLE registration_source DROP COLUMN file_stamp`.execute(trx);
      await sql`ALTER TABLE block_schema DROP COLUMN client_fields`.execute(trx);
      await sql`DELETE FROM kysely_migration WHERE name IN ('0003_registration_source_file_stamp', '0004_block_schema_client_fields')`.execute(trx);
    });
    await registry.close();

    const reopened = await temp.open(path);
    // Keeping client fields registers every source once more (migration 0004), which records their stamps.
    expect(await storedStamps(reopened)).toEqual([]);
    const { launch, reads } = launcher(reopened, dir);
    expect(statuses(await launch())).toEqual(['registered', 'registered', 'registered']);
    expect(reads).toEqual([SYSTEM_BLOCKS_FILE, CATALOGUE_FILE]);
    expect(await storedStamps(reopened)).not.toContain(null);
    expect(statuses(await launch())).toEqual(['skipped', 'skipped', 'skipped']);
    expect(reads).toHaveLength(2);
  });
});

describe('sources with dependencies (a .py file and the modules beside it)', () => {
  /** The catalogue as a source of its own whose content also depends on `dependency`. */
  function dependentLauncher(registry: RegistryDatabase, dependency: string, trusted = true): Launcher {
    const reads: string[] = [];
    const file = join(temp.dir(), 'catalogue.json');
    writeFileSync(file, readCatalogueText());
    const stampAt = (): number => (trusted ? Date.now() + RACY_MARGIN_MS + 60_000 : Date.now());
    const source: RegistrationSource = {
      name: 'with-dependency',
      kind: 'folder',
      mode: 'catalogue',
      readContent: () => {
        reads.push('catalogue.json');
        return readFileSync(file);
      },
      stamp: () => fileStamp(file, stampAt()),
      parse: (bytes) => parseBlockFile({ name: 'catalogue.json', bytes }),
      dependencies: () => [dependency],
    };
    return { launch: () => runBlockAutoRegistration(registry, [source]), reads };
  }

  it('registers the source again when a dependency changes, and skips it unread while none does', async () => {
    const { registry } = await temp.fresh();
    const dependency = join(temp.dir(), 'helpers.py');
    writeFileSync(dependency, 'GREETING = "hello"\n');
    // The dependency was just written: its stamp is not trusted, so the source is read each time until it is.
    const recent = dependentLauncher(registry, dependency, false);
    const first = await recent.launch();
    expect(statuses(first)).toEqual(['registered']);
    expect(statuses(await recent.launch())).toEqual(['skipped']);
    expect(recent.reads).toHaveLength(2);
    expect(await storedStamps(registry)).toEqual([null]);

    writeFileSync(dependency, 'GREETING = "howdy"\n'); // the same size
    const edited = await recent.launch();
    expect(statuses(edited)).toEqual(['registered']);
    expect(hashes(edited)).not.toEqual(hashes(first));
  });

  it('skips the source unread once every stamp is trusted, and reads it again when the dependency changes', async () => {
    const { registry } = await temp.fresh();
    const dependency = join(temp.dir(), 'helpers.py');
    writeFileSync(dependency, 'GREETING = "hello"\n');
    const { launch, reads } = dependentLauncher(registry, dependency);
    // The dependency's own stamp is taken with the real clock: wait until it is trusted.
    await new Promise((resolve) => setTimeout(resolve, RACY_MARGIN_MS + 100));
    expect(statuses(await launch())).toEqual(['registered']);
    expect(await storedStamps(registry)).not.toContain(null);
    expect(statuses(await launch())).toEqual(['skipped']);
    expect(reads).toHaveLength(1);
    writeFileSync(dependency, 'GREETING = "howdy"\n');
    expect(statuses(await launch())).toEqual(['registered']);
    expect(reads).toHaveLength(2);
  }, 20_000);
});

describe('pythonModulesIn', () => {
  it('lists the .py files in a folder and below it, links followed, but not in hidden folders, caches or virtual environments', () => {
    const folder = temp.dir();
    const files = ['blocks.py', 'other_blocks.py', 'notes.txt', 'pkg/__init__.py', 'pkg/sub/mod.py', 'pkg/__pycache__/mod.cpython-311.py', '.hidden/x.py', 'venv/pyvenv.cfg', 'venv/lib/site.py'];
    for (const name of files) {
      mkdirSync(join(folder, name, '..'), { recursive: true });
      writeFileSync(join(folder, name), '');
    }
    // A link to a folder already in the tree lists it once, under its own path; a linked file is a module of its own name.
    symlinkSync(join(folder, 'pkg'), join(folder, 'linked'));
    symlinkSync(join(folder, 'other_blocks.py'), join(folder, 'linked_blocks.py'));
    symlinkSync(join(folder, 'nowhere'), join(folder, 'dangling.py'));
    expect(pythonModulesIn(folder).map((path) => path.slice(folder.length + 1))).toEqual(['blocks.py', 'linked_blocks.py', 'other_blocks.py', 'pkg/__init__.py', 'pkg/sub/mod.py']);
  });

  it('a helper however deep, and one in a linked folder outside, are covered; a link cycle ends the walk', () => {
    const folder = temp.dir();
    const outside = temp.dir();
    writeFileSync(join(folder, 'blocks.py'), '');
    const deep = join(folder, ...Array.from({ length: 12 }, (_, level) => `level${level}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'helper.py'), '');
    mkdirSync(join(outside, 'shared'));
    writeFileSync(join(outside, 'shared', 'common.py'), '');
    symlinkSync(join(outside, 'shared'), join(folder, 'shared'));
    // Back up the tree: without a guard, folder/loop/loop/loop/… forever.
    symlinkSync(folder, join(folder, 'level0', 'loop'));
    symlinkSync(outside, join(outside, 'shared', 'up'));
    const found = pythonModulesIn(folder).map((path) => path.slice(folder.length + 1));
    expect(found).toEqual(['blocks.py', `${deep.slice(folder.length + 1)}/helper.py`, 'shared/common.py']);
    // What makes it count: they are the .py source's dependencies, whose stamps and content its stamp and hash take in.
    const [source] = folderSources(folder, { env: {}, timeoutMs: 1000 });
    expect(source?.dependencies?.()).toEqual([join(deep, 'helper.py'), join(folder, 'shared', 'common.py')]);
  });
});
