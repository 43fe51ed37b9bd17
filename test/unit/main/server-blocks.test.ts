// The pure parts of push and diff: children-first levels, and the field comparison that treats
// Prefect's HTML-escaped text as equal to ours.
import { describe, expect, it } from 'vitest';
import { blockTypeDifferences } from '../../../src/main/servers/local-blocks';
import { pushOrder, pushPlan } from '../../../src/main/servers/push';
import { mapInDependencyOrder } from '../../../src/main/servers/client/concurrency';
import type { ServerBlockType } from '../../../src/main/servers/client/client';
import { sameServerText } from '../../../src/main/servers/client/html-text';
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

describe('pushOrder: children first', () => {
  it('puts every schema after the schemas it nests, however deep', () => {
    const leaf = schema('leaf', 'sha256:a');
    const middle = schema('middle', 'sha256:b', ['sha256:a']);
    const top = schema('top', 'sha256:c', ['sha256:b', 'sha256:a']);
    const alone = schema('alone', 'sha256:d', ['sha256:not-here']);
    expect(pushOrder([top, middle, alone, leaf]).map((item) => item.block_type.slug)).toEqual(['leaf', 'middle', 'top', 'alone']);
  });

  it('links a parent to the row it linked here: the later rows with that checksum come after it', () => {
    // Here the parent links the non-versioned child; the version with the same checksum was
    // created later. Pushed before the parent, that version would be the newest with the
    // checksum, and a server would link the parent to it.
    const linked = { ...schema('child', 'sha256:c'), id: 'linked', created: '2026-01-01T00:00:01.000000Z' };
    const later = { ...schema('child', 'sha256:c'), id: 'later', version: '2', created: '2026-01-01T00:00:02.000000Z' };
    const parent = { ...schema('parent', 'sha256:p', ['sha256:c']), created: '2026-01-01T00:00:03.000000Z' };
    const order = pushOrder([linked, later, parent], new Map(), new Map([[parent.id, ['linked']]]));
    expect(order.map((item) => item.id)).toEqual(['linked', parent.id, 'later']);
  });

  it('survives a cycle (which no server accepts) without looping', () => {
    const a = schema('a', 'sha256:a', ['sha256:b']);
    const b = schema('b', 'sha256:b', ['sha256:a']);
    expect(pushOrder([a, b])).toHaveLength(2);
  });
});

describe('pushPlan: what may be created at the same time', () => {
  const at = (item: BlockSchema, created: string, extra: Partial<BlockSchema> = {}): BlockSchema => ({ ...item, created, ...extra });
  const predecessorsOf = (plan: ReturnType<typeof pushPlan>, item: BlockSchema): string[] => (plan.predecessors.get(item) ?? []).map((first) => first.id).sort();

  it("keeps a server's creation-time orders as edges and leaves unrelated schemas free", () => {
    // A union linking b then a (created in that order), two versions of one type, a lone schema.
    const b = at(schema('b', 'sha256:b'), '2026-01-01T00:00:01.000000Z');
    const a = at(schema('a', 'sha256:a'), '2026-01-01T00:00:02.000000Z');
    const union = at(schema('union', 'sha256:u', ['sha256:b', 'sha256:a']), '2026-01-01T00:00:03.000000Z');
    const first = at(schema('versioned', 'sha256:v1'), '2026-01-01T00:00:04.000000Z');
    const second = at(schema('versioned', 'sha256:v2'), '2026-01-01T00:00:05.000000Z', { version: '2' });
    const lone = at(schema('lone', 'sha256:l'), '2026-01-01T00:00:06.000000Z');
    const plan = pushPlan([lone, second, union, first, a, b]);
    expect(plan.order.map((item) => item.id)).toEqual([b, a, union, first, second, lone].map((item) => item.id));
    // The union's children in the order they were created (its read-back follows it), both before it.
    expect(predecessorsOf(plan, a)).toEqual([b.id]);
    expect(predecessorsOf(plan, union)).toEqual([a.id, b.id]);
    // A type's versions in order (the newest stays the newest); everything else may go at once.
    expect(predecessorsOf(plan, second)).toEqual([first.id]);
    expect(predecessorsOf(plan, first)).toEqual([]);
    expect(predecessorsOf(plan, lone)).toEqual([]);
    expect(predecessorsOf(plan, b)).toEqual([]);
  });

  it('keeps the rows of one checksum in order and a linking parent between them', () => {
    const linked = { ...schema('child', 'sha256:c'), id: 'linked', created: '2026-01-01T00:00:01.000000Z' };
    const later = { ...schema('child', 'sha256:c'), id: 'later', version: '2', created: '2026-01-01T00:00:02.000000Z' };
    const parent = { ...schema('parent', 'sha256:p', ['sha256:c']), created: '2026-01-01T00:00:03.000000Z' };
    const plan = pushPlan([linked, later, parent], new Map(), new Map([[parent.id, ['linked']]]));
    expect(predecessorsOf(plan, parent)).toEqual(['linked']);
    expect(predecessorsOf(plan, later)).toEqual(['linked', parent.id].sort());
  });

  it('a cycle (which no server accepts) leaves no edge against the order: every schema is pushed', async () => {
    const a = schema('a', 'sha256:a', ['sha256:b']);
    const b = schema('b', 'sha256:b', ['sha256:a']);
    const plan = pushPlan([a, b]);
    expect(await mapInDependencyOrder(plan.order, plan.predecessors, 4, async (item) => item.id)).toHaveLength(2);
  });
});

describe('mapInDependencyOrder', () => {
  it('runs each item after its predecessors, up to the limit at once, earliest ready first', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const predecessors = new Map([
      ['c', ['a', 'b']],
      ['d', ['c']],
      // Later in the list than f: ignored (predecessors come earlier), so never a deadlock.
      ['e', ['f']],
    ]);
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const results = await mapInDependencyOrder(items, predecessors, 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      events.push(`start ${item}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${item}`);
      running -= 1;
      return item.toUpperCase();
    });
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(most).toBe(3);
    const at = (event: string): number => events.indexOf(event);
    expect(at('start c')).toBeGreaterThan(Math.max(at('end a'), at('end b')));
    expect(at('start d')).toBeGreaterThan(at('end c'));
    // a, b and e start at once (c and d wait), before f.
    expect(events.slice(0, 3)).toEqual(['start a', 'start b', 'start e']);
  });

  it('starts nothing after a failure and throws it once the running ones settle', async () => {
    const started: string[] = [];
    const failing = mapInDependencyOrder(['a', 'b', 'c', 'd'], new Map([['d', ['a']]]), 2, async (item) => {
      started.push(item);
      if (item === 'a') throw new Error('refused');
      await new Promise((resolve) => setTimeout(resolve, 5));
      return item;
    });
    await expect(failing).rejects.toThrow('refused');
    expect(started).toEqual(['a', 'b']);
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
