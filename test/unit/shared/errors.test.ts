import { describe, expect, it } from 'vitest';
import { appendJsonPath, formatIssue, formatJsonPath, ROOT_PATH } from '../../../src/shared/errors';

describe('formatJsonPath', () => {
  it("is '$' for the whole document", () => {
    expect(ROOT_PATH).toBe('$');
    expect(formatJsonPath([])).toBe('$');
  });

  it('writes deeper paths dotted, without a leading $. or dot', () => {
    expect(formatJsonPath(['name'])).toBe('name');
    expect(formatJsonPath(['block_schema', 'checksum'])).toBe('block_schema.checksum');
    expect(formatJsonPath([1, 'slug'])).toBe('[1].slug');
    expect(formatJsonPath(['collections', 'prefect-aws', 'block_types'])).toBe('collections.prefect-aws.block_types');
    expect(formatJsonPath(['collections', 'my collection', 'block_types', 'Not OK'])).toBe('collections["my collection"].block_types["Not OK"]');
  });
});

describe('appendJsonPath', () => {
  it('goes one key or index deeper from the root without a leading dot', () => {
    expect(appendJsonPath('$', 'name')).toBe('name');
    expect(appendJsonPath('$', 'block_schema', 'checksum')).toBe('block_schema.checksum');
    expect(appendJsonPath('$', 0, 'checksum')).toBe('[0].checksum');
    expect(appendJsonPath('', 'slug')).toBe('slug');
  });

  it('appends keys with a dot and indexes and odd keys with brackets', () => {
    expect(appendJsonPath('[0]', 'slug')).toBe('[0].slug');
    expect(appendJsonPath('collections.c.block_types.x', 'block_schemas', 2, 'checksum')).toBe('collections.c.block_types.x.block_schemas[2].checksum');
    expect(appendJsonPath('schema', 'checksum')).toBe('schema.checksum');
    expect(appendJsonPath('block_type', 'my key')).toBe('block_type["my key"]');
  });
});

describe('formatIssue', () => {
  it('prints file: path: message, with $ for a whole-file issue', () => {
    expect(formatIssue({ file: 'a.json', path: '$', message: 'the file is empty.' })).toBe('a.json: $: the file is empty.');
    expect(formatIssue({ file: 'a.json', path: '[1].slug', message: 'bad' })).toBe('a.json: [1].slug: bad');
    expect(formatIssue({ file: 'a.json', message: 'bad' })).toBe('a.json: bad');
    expect(formatIssue({ message: 'bad' })).toBe('bad');
  });
});
