// Port of Prefect's tests/server/models/test_block_types.py on a real registry file.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/db/database';
import { createBlockSchema } from '../../src/main/registry/block-schemas';
import { createBlockType, readBlockType, readBlockTypeBySlug, readBlockTypes, updateBlockType } from '../../src/main/registry/block-types';
import type { BlockType } from '../../src/shared/blocks';
import { json, typeInput, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

const CODE_EXAMPLE = ['```python', 'from prefect_x import X', '', 'X.load("BLOCK_NAME")', '```'].join('\n');

async function createTypes(registry: Database, names: Array<[string, string]>): Promise<BlockType[]> {
  return registry.write(async (trx) => {
    const created: BlockType[] = [];
    for (const [name, slug] of names) created.push(await createBlockType(trx, typeInput(name, slug)));
    return created;
  });
}

const names = (types: BlockType[]): string[] => types.map((type) => type.name);

describe('create_block_type', () => {
  it('keeps text that begins with U+FEFF (a docstring may), short or long, through the file and back', async () => {
    // sql.js reads text with a TextDecoder, which by default drops a leading byte order mark
    // from anything longer than a few bytes.
    const { registry, path } = await temp.fresh();
    const long = '\ufeffA description long enough for sql.js to decode it with a TextDecoder';
    const input = typeInput('\ufeffName', 'bom', { description: long, code_example: '\ufeff' });
    await registry.write((trx) => createBlockType(trx, input));
    await registry.close();
    const reopened = await temp.open(path);
    const stored = await readBlockTypeBySlug(reopened.db, 'bom');
    expect([stored?.name, stored?.description, stored?.code_example]).toEqual(['\ufeffName', long, '\ufeff']);
    expect((await readBlockTypes(reopened.db)).find((type) => type.slug === 'bom')?.description).toBe(long);
  });

  it('round-trips every field through the file', async () => {
    const { registry } = await temp.fresh();
    const input = typeInput('x', 'x', {
      logo_url: 'http://example.com/logo.png',
      documentation_url: 'http://example.com/documentation.html',
      description: 'A block, verily',
      code_example: CODE_EXAMPLE,
    });
    const created = await registry.write((trx) => createBlockType(trx, input));
    expect(created.name).toBe('x');
    expect(created.slug).toBe('x');
    expect(created.logo_url).toBe('http://example.com/logo.png');
    expect(created.documentation_url).toBe('http://example.com/documentation.html');
    expect(created.description).toBe('A block, verily');
    expect(created.code_example).toBe(CODE_EXAMPLE);
    expect(created.is_protected).toBe(false);
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(created.updated).toBe(created.created);

    const read = await readBlockType(registry.db, created.id);
    expect(read).toEqual(created);
  });

  it('stores is_protected as given', async () => {
    const { registry } = await temp.fresh();
    const created = await registry.write((trx) => createBlockType(trx, typeInput('Secret', 'secret', { is_protected: true })));
    expect(created.is_protected).toBe(true);
    expect((await readBlockTypeBySlug(registry.db, 'secret'))?.is_protected).toBe(true);
  });

  it('stores description and code_example containing & < > as given (no HTML escaping, unlike Prefect)', async () => {
    const { registry } = await temp.fresh();
    const description = 'Tom & Jerry <b>bold</b> a > b "quoted"';
    const codeExample = 'if a < b && c > d:\n    print("<tag>&amp;")';
    const created = await registry.write((trx) => createBlockType(trx, typeInput('Escapes', 'escapes', { description, code_example: codeExample })));
    expect(created.description).toBe(description);
    expect(created.code_example).toBe(codeExample);
    const read = await readBlockTypeBySlug(registry.db, 'escapes');
    expect(read?.description).toBe(description);
    expect(read?.code_example).toBe(codeExample);
  });

  it('raises on a duplicate slug and writes nothing', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [['x', 'x']]);
    await expect(registry.write((trx) => createBlockType(trx, typeInput('other name', 'x')))).rejects.toThrow(/UNIQUE constraint failed: block_type\.slug/);
    const all = await readBlockTypes(registry.db);
    expect(all.map((type) => [type.name, type.slug])).toEqual([['x', 'x']]);
  });

  it('allows the same name with a different slug', async () => {
    const { registry } = await temp.fresh();
    const [first, second] = await createTypes(registry, [
      ['x', 'x'],
      ['x', 'x-2'],
    ]);
    expect(first?.id).not.toBe(second?.id);
    const all = await readBlockTypes(registry.db);
    expect(all.map((type) => [type.name, type.slug])).toEqual([
      ['x', 'x'],
      ['x', 'x-2'],
    ]);
  });
});

describe('read_block_type', () => {
  it('reads a block type by id', async () => {
    const { registry } = await temp.fresh();
    const [created] = await createTypes(registry, [['Test Block', 'test-block']]);
    const read = await readBlockType(registry.db, created?.id ?? '');
    expect(read?.id).toBe(created?.id);
    expect(read?.name).toBe('Test Block');
    expect(read?.slug).toBe('test-block');
  });

  it('reads a block type by slug', async () => {
    const { registry } = await temp.fresh();
    const [created] = await createTypes(registry, [['Test Block', 'test-block']]);
    const read = await readBlockTypeBySlug(registry.db, 'test-block');
    expect(read?.id).toBe(created?.id);
    expect(read?.name).toBe('Test Block');
  });

  it('returns null for an unknown id', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [['x', 'x']]);
    expect(await readBlockType(registry.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('returns null for an unknown slug', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [['x', 'x']]);
    expect(await readBlockTypeBySlug(registry.db, 'not-a-slug')).toBeNull();
    // Exact match: a name or a prefix is not a slug.
    expect(await readBlockTypeBySlug(registry.db, 'X')).toBeNull();
  });
});

describe('read_block_types', () => {
  it('orders by name', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [
      ['z', 'z'],
      ['x', 'x'],
      ['y', 'y'],
    ]);
    expect(names(await readBlockTypes(registry.db))).toEqual(['x', 'y', 'z']);
  });

  it('applies limit and offset after ordering', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [
      ['z', 'z'],
      ['x', 'x'],
      ['y', 'y'],
    ]);
    expect(names(await readBlockTypes(registry.db, { limit: 1 }))).toEqual(['x']);
    expect(names(await readBlockTypes(registry.db, { limit: 2, offset: 1 }))).toEqual(['y', 'z']);
    expect(names(await readBlockTypes(registry.db, { offset: 1 }))).toEqual(['y', 'z']);
    expect(names(await readBlockTypes(registry.db, { offset: 3 }))).toEqual([]);
  });

  it('filters by name substring, case-insensitively (like_)', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [
      ['Duck', 'duck'],
      ['Bird', 'bird'],
      ['Cat', 'cat'],
    ]);
    expect(names(await readBlockTypes(registry.db, { nameLike: 'duck' }))).toEqual(['Duck']);
    expect(names(await readBlockTypes(registry.db, { nameLike: 'c' }))).toEqual(['Cat', 'Duck']);
    expect(names(await readBlockTypes(registry.db, { nameLike: 'z' }))).toEqual([]);
  });

  it('treats % and _ in the name filter literally', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [
      ['a_b', 'a-b'],
      ['axb', 'axb'],
      ['100 pct', 'pct'],
    ]);
    expect(names(await readBlockTypes(registry.db, { nameLike: '_' }))).toEqual(['a_b']);
    expect(names(await readBlockTypes(registry.db, { nameLike: '%' }))).toEqual([]);
  });

  it('filters by slug list (slug.any_)', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [
      ['Duck', 'duck'],
      ['Bird', 'bird'],
      ['Cat', 'cat'],
    ]);
    expect(names(await readBlockTypes(registry.db, { slugs: ['cat', 'duck', 'nope'] }))).toEqual(['Cat', 'Duck']);
    expect(names(await readBlockTypes(registry.db, { slugs: [] }))).toEqual([]);
  });

  it('filters by capabilities of at least one schema of the type (EXISTS)', async () => {
    const { registry } = await temp.fresh();
    await registry.write(async (trx) => {
      const duck = await createBlockType(trx, typeInput('Duck', 'duck'));
      await createBlockSchema(trx, { fields: json('{"title": "Duck", "properties": {"a": {"type": "string"}}}'), block_type_id: duck.id, capabilities: ['swim', 'fly'], version: 'non-versioned' });
      const bird = await createBlockType(trx, typeInput('Bird', 'bird'));
      await createBlockSchema(trx, { fields: json('{"title": "Bird", "properties": {"b": {"type": "string"}}}'), block_type_id: bird.id, capabilities: ['fly'], version: 'non-versioned' });
      const cat = await createBlockType(trx, typeInput('Cat', 'cat'));
      await createBlockSchema(trx, { fields: json('{"title": "Cat", "properties": {"c": {"type": "number"}}}'), block_type_id: cat.id, capabilities: ['run'], version: 'non-versioned' });
      // A type without any schema never matches a capability filter.
      await createBlockType(trx, typeInput('Empty', 'empty'));
    });
    expect(names(await readBlockTypes(registry.db, { capabilitiesAll: ['fly', 'swim'] }))).toEqual(['Duck']);
    expect(names(await readBlockTypes(registry.db, { capabilitiesAll: ['fly'] }))).toEqual(['Bird', 'Duck']);
    expect(names(await readBlockTypes(registry.db, { capabilitiesAll: ['swim'] }))).toEqual(['Duck']);
    expect(names(await readBlockTypes(registry.db, { capabilitiesAll: ['run', 'fly'] }))).toEqual([]);
    expect(names(await readBlockTypes(registry.db, { capabilitiesAll: [] }))).toEqual(['Bird', 'Cat', 'Duck', 'Empty']);
  });
});

describe('update_block_type', () => {
  it('writes all four updatable fields, nulls included', async () => {
    const { registry } = await temp.fresh();
    const created = await registry.write((trx) =>
      createBlockType(trx, typeInput('x', 'x', { logo_url: 'http://example.com/logo.png', documentation_url: 'http://example.com/docs', description: 'old', code_example: 'old code' })),
    );
    const updated = await registry.write((trx) =>
      updateBlockType(trx, created.id, {
        logo_url: 'http://example.com/new-logo.png',
        documentation_url: null,
        description: 'new <description> & more',
        code_example: 'new code',
      }),
    );
    expect(updated).toBe(true);
    const read = await readBlockType(registry.db, created.id);
    expect(read).not.toBeNull();
    expect(read?.logo_url).toBe('http://example.com/new-logo.png');
    expect(read?.documentation_url).toBeNull();
    expect(read?.description).toBe('new <description> & more');
    expect(read?.code_example).toBe('new code');
    // Never touched by an update.
    expect(read?.name).toBe('x');
    expect(read?.slug).toBe('x');
    expect(read?.is_protected).toBe(false);
    expect(read?.created).toBe(created.created);
    expect((read?.updated ?? '') > created.updated).toBe(true);
  });

  it('writes only the supplied fields', async () => {
    const { registry } = await temp.fresh();
    const created = await registry.write((trx) => createBlockType(trx, typeInput('x', 'x', { logo_url: 'http://example.com/logo.png', description: 'old' })));
    await registry.write((trx) => updateBlockType(trx, created.id, { description: 'new' }));
    const read = await readBlockType(registry.db, created.id);
    expect(read?.description).toBe('new');
    expect(read?.logo_url).toBe('http://example.com/logo.png');
  });

  it('can update a protected type (protection only blocks deletion)', async () => {
    const { registry } = await temp.fresh();
    const created = await registry.write((trx) => createBlockType(trx, typeInput('Secret', 'secret', { is_protected: true })));
    expect(await registry.write((trx) => updateBlockType(trx, created.id, { description: 'changed' }))).toBe(true);
    const read = await readBlockType(registry.db, created.id);
    expect(read?.description).toBe('changed');
    expect(read?.is_protected).toBe(true);
  });

  it('returns false for an unknown id', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, [['x', 'x']]);
    const updated = await registry.write((trx) => updateBlockType(trx, '00000000-0000-4000-8000-000000000000', { description: 'nope' }));
    expect(updated).toBe(false);
    expect((await readBlockTypeBySlug(registry.db, 'x'))?.description).toBeNull();
  });
});
