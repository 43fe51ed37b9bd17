// What makes an error in one entry actionable: the entry, the refused value (quoted safely,
// truncated) and what would be valid, such as the slug Prefect would make from the name.
import { describe, expect, it } from 'vitest';
import { describeEntry, formatIssue, MAX_QUOTED_CHARACTERS } from '../../../src/shared/errors';
import { parseBlockDefinitions } from '../../../src/shared/formats';
import { acceptableName, prefectSlug, quoteValue, valueAt } from '../../../src/shared/issue-detail';
import { parseJson as json, stringifyJson, type JsonValue } from '../../../src/shared/json';
import { blockEntry, registryErrorSync } from '../../helpers/registry';

describe('prefectSlug: the slug python-slugify (Prefect) makes from a name', () => {
  it.each([
    ['S3 Bucket', 's3-bucket'],
    ['My Block!', 'my-block'],
    ['  AWS/Secret  ', 'aws-secret'],
    ['Crème Brûlée', 'creme-brulee'],
    ['1,000 Things', '1000-things'],
    ["Bob's  Block", 'bob-s-block'],
    ['--edge--', 'edge'],
    ['!!!', ''],
  ])('%j -> %j', (name, slug) => {
    expect(prefectSlug(name)).toBe(slug);
  });
});

describe('acceptableName', () => {
  it('turns / % & > < into spaces, one at a time, trimmed', () => {
    expect(acceptableName('AWS/Secret')).toBe('AWS Secret');
    expect(acceptableName('<a> & b%')).toBe('a b');
    expect(acceptableName('/')).toBe('');
  });
});

describe('quoteValue: the refused value, safe to print', () => {
  it('quotes strings as JSON, escaping newlines and lone surrogates', () => {
    expect(quoteValue('Bad Slug')).toBe('"Bad Slug"');
    expect(quoteValue('two\nlines')).toBe('"two\\nlines"');
    expect(quoteValue('x\ud800y')).toBe('"x\\ud800y"');
  });

  it('escapes bidi overrides and zero-width characters so they cannot disguise the message', () => {
    expect(quoteValue('abc\u202Edef\u200B')).toBe('"abc\\u202edef\\u200b"');
  });

  it(`cuts long text to ${MAX_QUOTED_CHARACTERS} characters with an ellipsis, keeping both quotes`, () => {
    const quoted = quoteValue('x'.repeat(500));
    expect(quoted).toBe(`"${'x'.repeat(MAX_QUOTED_CHARACTERS - 1)}…"`);
  });

  it('writes other JSON values as JSON text, numbers as written', () => {
    expect(quoteValue(json('[1.0, true, null]'))).toBe('[1.0,true,null]');
    expect(quoteValue(json('{"a": "b"}'))).toBe('{"a":"b"}');
    expect(quoteValue(json('12.50'))).toBe('12.50');
  });
});

describe('valueAt', () => {
  it('follows keys and indexes; a missing one is undefined', () => {
    const root = json('{"a": [{"b": "c"}]}');
    expect(valueAt(root, ['a', 0, 'b'])).toBe('c');
    expect(valueAt(root, ['a', 1])).toBeUndefined();
    expect(valueAt(root, ['x'])).toBeUndefined();
  });
});

describe('formatIssue and describeEntry with details', () => {
  it('appends the entry, the value and what would be valid after the rule', () => {
    const issue = {
      file: 'bad.json',
      path: '[3].slug',
      message: 'Block type slug must only contain lowercase letters, numbers, and dashes.',
      entry: { index: 3, slug: 'My Block!', name: 'My Block!' },
      value: '"My Block!"',
      expected: 'suggested slug: "my-block"',
    };
    expect(formatIssue(issue)).toBe(
      'bad.json: [3].slug: Block type slug must only contain lowercase letters, numbers, and dashes. (entry [3] "My Block!"; got "My Block!"; suggested slug: "my-block")',
    );
  });

  it('names an entry by name, else by slug, else by position alone', () => {
    expect(describeEntry({ index: 2, slug: 'x', name: 'X' })).toBe('entry [2] "X"');
    expect(describeEntry({ index: 2, slug: 'x', name: null })).toBe('entry [2] (slug "x")');
    expect(describeEntry({ index: 2, slug: null, name: '' })).toBe('entry [2]');
    expect(describeEntry({ index: null, slug: null, name: 'Only' })).toBe('entry "Only"');
  });

  it('leaves an issue without details as it was', () => {
    expect(formatIssue({ file: 'a.json', path: '$', message: 'not JSON' })).toBe('a.json: $: not JSON');
  });
});

describe('validation issues carry their details', () => {
  function issuesOf(value: JsonValue) {
    return registryErrorSync(() => parseBlockDefinitions('bad.json', stringifyJson(value)), 'invalid_input').issues;
  }

  it('a bad slug in a list: the entry by index and name, the value, and the slug made from the name', () => {
    const good = blockEntry('Good', 'good');
    const bad = { ...blockEntry('My Block', 'my-block'), slug: 'My_Block' };
    expect(issuesOf([good, bad])).toEqual([
      {
        file: 'bad.json',
        path: '[1].slug',
        message: 'Block type slug must only contain lowercase letters, numbers, and dashes.',
        entry: { index: 1, slug: 'My_Block', name: 'My Block' },
        value: '"My_Block"',
        expected: 'suggested slug: "my-block"',
      },
    ]);
  });

  it('a bad name: a name without the refused characters, the entry by its raw name (a file of one entry has no index)', () => {
    const issues = issuesOf({ ...blockEntry('Fine', 'fine'), name: 'AWS/S3' });
    expect(issues.map((issue) => [issue.path, issue.value, issue.expected, issue.entry])).toEqual([['name', '"AWS/S3"', 'suggested name: "AWS S3"', { index: null, slug: 'fine', name: 'AWS/S3' }]]);
  });

  it('a name with a lone surrogate: the suggestion drops it (a suggestion is itself valid), or is left out when nothing valid is left', () => {
    const [issue] = issuesOf({ ...blockEntry('Fine', 'fine'), name: 'A\udc00B' });
    expect(issue).toMatchObject({ path: 'name', value: '"A\\udc00B"', expected: 'suggested name: "AB"' });
    const [alone] = issuesOf({ ...blockEntry('Fine', 'fine'), name: '\ud800' });
    expect(alone).toMatchObject({ path: 'name', expected: 'a non-empty name without / % & > <, e.g. "My Block"' });
    const [both] = issuesOf({ ...blockEntry('Fine', 'fine'), name: 'AWS/\udfffS3' });
    expect(both).toMatchObject({ path: 'name', expected: 'suggested name: "AWS S3"' });
  });

  it('every name suggested is one the import accepts', () => {
    for (const name of ['A\udc00B', 'x/\ud800/y', '<\udc00>', 'a%b', '\ud83d\ude00/smile']) {
      const [issue] = issuesOf({ ...blockEntry('Fine', 'fine'), name });
      const suggested = /^suggested name: (".*")$/.exec(issue?.expected ?? '')?.[1];
      if (suggested === undefined) continue;
      const fixed = JSON.parse(suggested) as string;
      expect(() => parseBlockDefinitions('fixed.json', stringifyJson({ ...blockEntry('Fine', 'fine'), name: fixed })), name).not.toThrow();
    }
  });

  it('a bad checksum: the checksum of the fields is what would be valid', () => {
    const entry = blockEntry('Fine', 'fine');
    const schema = entry.block_schema as { checksum: string };
    const issues = issuesOf([{ ...entry, block_schema: { ...(entry.block_schema as object), checksum: 'md5:abc' } } as JsonValue]);
    expect(issues.map((issue) => [issue.path, issue.value, issue.expected])).toEqual([['[0].block_schema.checksum', '"md5:abc"', `the checksum of these fields: ${schema.checksum}, or leave it out`]]);
  });

  it('a slug that is not a string: the value as JSON, the slug made from the name', () => {
    const [issue] = issuesOf([{ ...blockEntry('No Slug', 'x'), slug: null }]);
    expect(issue).toMatchObject({ path: '[0].slug', message: 'must be a string', value: 'null', expected: 'suggested slug: "no-slug"' });
  });

  it('a catalogue entry is numbered by its position among all block types, and its key is the slug to use', () => {
    const entry = blockEntry('Other', 'other');
    const catalogue = { collections: { c: { block_types: { first: blockEntry('First', 'first'), other: { ...entry, slug: 'another' } } } } };
    expect(issuesOf(catalogue as JsonValue)).toEqual([
      {
        file: 'bad.json',
        path: 'collections.c.block_types.other.slug',
        message: "slug 'another' differs from its key 'other'",
        entry: { index: 1, slug: 'another', name: 'Other' },
        value: '"another"',
        expected: 'slug "other", as its key',
      },
    ]);
  });
});
