// The pure parts of push and diff: children-first levels, and the field comparison that treats
// Prefect's HTML-escaped text as equal to ours.
import { describe, expect, it } from 'vitest';
import { blockTypeDifferences } from '../../../src/main/operations/server-blocks';
import { childrenFirstLevels, pushOrder } from '../../../src/main/operations/server-push';
import type { ServerBlockType } from '../../../src/main/prefect-server/client';
import { sameServerText } from '../../../src/main/prefect-server/html-text';
import type { BlockSchema, BlockType } from '../../../src/shared/blocks';
import type { JsonObject } from '../../../src/shared/json';

const type = (slug: string, extra: Partial<BlockType> = {}): BlockType => ({
  id: `id-${slug}`,
  created: '2026-01-01T00:00:00.000000Z',
  updated: '2026-01-01T00:00:00.000000Z',
  name: slug,
  slug,
  logo_url: null,
  documentation_url: null,
  description: null,
  code_example: null,
  is_protected: false,
  ...extra,
});

function schema(slug: string, checksum: string, children: string[] = []): BlockSchema {
  const references: JsonObject = Object.fromEntries(children.map((child, index) => [`child${index}`, { block_type_slug: `type-of-${child}`, block_schema_checksum: child }]));
  return { ...type(slug), id: `id-${checksum}`, checksum, fields: { block_schema_references: references }, block_type_id: `id-${slug}`, block_type: type(slug), capabilities: [], version: '1' };
}

describe('pushOrder', () => {
  const at = (item: BlockSchema, created: string): BlockSchema => ({ ...item, created });

  it('keeps the order the schemas were created in, moving a parent only after the children it links', () => {
    // Created: union child B, the parent (which links A and B), then A: the parent moves after A.
    const b = at(schema('b', 'sha256:b'), '2026-01-01T00:00:01.000000Z');
    const parent = at(schema('parent', 'sha256:p', ['sha256:a', 'sha256:b']), '2026-01-01T00:00:02.000000Z');
    const a = at(schema('a', 'sha256:a'), '2026-01-01T00:00:03.000000Z');
    const lone = at(schema('lone', 'sha256:l'), '2026-01-01T00:00:04.000000Z');
    expect(pushOrder([lone, parent, a, b]).map((item) => item.block_type.slug)).toEqual(['b', 'a', 'parent', 'lone']);
  });

  it('puts a parent that records another child checksum than it links before the schemas with the recorded one', () => {
    const own = at(schema('child', 'sha256:own'), '2026-01-01T00:00:01.000000Z');
    const parent = at(schema('parent', 'sha256:p', ['sha256:derived']), '2026-01-01T00:00:02.000000Z');
    const derived = at(schema('child', 'sha256:derived'), '2026-01-01T00:00:03.000000Z');
    const client = new Map([[parent.id, { block_schema_references: { child0: { block_type_slug: 'type-of-sha256:own', block_schema_checksum: 'sha256:own' } } }]]);
    expect(pushOrder([own, parent, derived], client).map((item) => item.checksum)).toEqual(['sha256:derived', 'sha256:p', 'sha256:own']);
  });
});

describe('childrenFirstLevels', () => {
  it('puts every schema after the schemas it nests, however deep', () => {
    const leaf = schema('leaf', 'sha256:a');
    const middle = schema('middle', 'sha256:b', ['sha256:a']);
    const top = schema('top', 'sha256:c', ['sha256:b', 'sha256:a']);
    const alone = schema('alone', 'sha256:d', ['sha256:not-here']);
    const levels = childrenFirstLevels([top, middle, alone, leaf]);
    expect(levels.map((level) => level.map((item) => item.block_type.slug))).toEqual([['alone', 'leaf'], ['middle'], ['top']]);
  });

  it("creates a union's children in the order the parent lists them", () => {
    const second = schema('second', 'sha256:2');
    const first = schema('first', 'sha256:1');
    const parent = schema('parent', 'sha256:p');
    parent.fields.block_schema_references = {
      creds: [
        { block_type_slug: 'first', block_schema_checksum: 'sha256:1' },
        { block_type_slug: 'second', block_schema_checksum: 'sha256:2' },
      ],
    };
    expect(childrenFirstLevels([second, parent, first]).map((level) => level.map((item) => item.block_type.slug))).toEqual([['first'], ['second'], ['parent']]);
  });

  it('puts a parent that records another child checksum than it links before every schema with the recorded one', () => {
    // The first server created the child itself (sha256:derived) from the parent's definitions:
    // pushed before the child's own version (sha256:own), the parent makes the receiving server
    // do the same; pushed after it, that server would link the parent to sha256:own.
    const own = schema('child', 'sha256:own');
    const derived = schema('child', 'sha256:derived');
    const parent = schema('parent', 'sha256:p', ['sha256:derived']);
    const client = new Map([[parent.id, { block_schema_references: { child0: { block_type_slug: 'type-of-sha256:own', block_schema_checksum: 'sha256:own' } } }]]);
    const order = (clientFields?: Map<string, JsonObject>) => childrenFirstLevels([own, parent, derived], clientFields).map((level) => level.map((item) => item.checksum));
    expect(order()).toEqual([['sha256:own', 'sha256:derived'], ['sha256:p']]);
    expect(order(client)).toEqual([['sha256:derived'], ['sha256:p'], ['sha256:own']]);
  });

  it('survives a cycle (which no server accepts) without looping', () => {
    const a = schema('a', 'sha256:a', ['sha256:b']);
    const b = schema('b', 'sha256:b', ['sha256:a']);
    expect(childrenFirstLevels([a, b]).flat()).toHaveLength(2);
  });
});

describe('blockTypeDifferences', () => {
  it("compares Prefect's HTML-escaped text unescaped, and says which fields differ", () => {
    const ours = type('t', { description: 'Use <b> & more', code_example: 'x = a < b', logo_url: 'https://a/logo.png' });
    const server: ServerBlockType = { ...ours, description: 'Use &lt;b&gt; &amp; more', code_example: 'x = a < b', logo_url: 'https://b/logo.png' };
    expect(blockTypeDifferences(ours, server)).toEqual([{ field: 'logo_url', local: 'https://a/logo.png', server: 'https://b/logo.png' }]);
    expect(blockTypeDifferences(ours, { ...server, logo_url: ours.logo_url, is_protected: true })).toEqual([{ field: 'is_protected', local: false, server: true }]);
  });

  it('treats text stored unescaped by an update as equal too', () => {
    expect(sameServerText('a &amp; b', 'a & b')).toBe(true);
    expect(sameServerText('a &amp; b', 'a &amp; b')).toBe(true);
    expect(sameServerText(null, '')).toBe(false);
  });
});
