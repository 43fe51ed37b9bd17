// The editable form's values: set and removed by path without changing the object given, and the
// form model filled with a document's values (a nested document by its reference).
import { describe, expect, it } from 'vitest';
import { removeItemAt, setValueAt, valueAt } from '../../../src/renderer/model/form-values';
import { schemaForm } from '../../../src/renderer/model/schema-form';
import { parseJson, type JsonObject } from '../../../src/shared/json';

const object = (text: string): JsonObject => parseJson(text) as JsonObject;

describe('form values', () => {
  it('sets a value by path, making objects and lists along the way, and never changes the object given', () => {
    const before = object('{"a":{"b":1},"list":["x"]}');
    const after = setValueAt(before, ['a', 'c', 'd'], 'deep');
    expect(after).toEqual(object('{"a":{"b":1,"c":{"d":"deep"}},"list":["x"]}'));
    expect(before).toEqual(object('{"a":{"b":1},"list":["x"]}'));
    expect(setValueAt(before, ['list', 2], 'z')).toEqual(object('{"a":{"b":1},"list":["x",null,"z"]}'));
    expect(setValueAt(before, ['a', 'b'], undefined)).toEqual(object('{"a":{},"list":["x"]}'));
    expect(valueAt(after, ['a', 'c', 'd'])).toBe('deep');
    expect(valueAt(after, ['list', 5])).toBeUndefined();
  });

  it('removes a list item', () => {
    expect(removeItemAt(object('{"list":["x","y","z"]}'), ['list'], 1)).toEqual(object('{"list":["x","z"]}'));
  });
});

describe('the form filled with a document', () => {
  const fields = parseJson(
    '{"properties":{"name_hint":{"type":"string","default":"x"},"credentials":{"$ref":"#/definitions/DbCreds"},"token":{"anyOf":[{"type":"string","format":"password","writeOnly":true},{"type":"null"}],"default":null},"tags":{"type":"array","items":{"type":"string"}}},"required":["credentials"],"secret_fields":["token"],"definitions":{"DbCreds":{"title":"DbCreds","block_type_slug":"db-creds","properties":{}}}}',
  );

  it('shows its values, a referenced document as picked, a secret as its mask, a list with its items', () => {
    const model = schemaForm(fields, object('{"name_hint":"y","credentials":{"$ref":{"block_document_id":"doc-1"}},"token":"********","tags":["a"]}'));
    const widget = (key: string) => model.fields.find((field) => field.key === key)?.widget;
    expect(widget('name_hint')).toEqual({ kind: 'text', value: 'y', format: null });
    expect(widget('credentials')).toMatchObject({ kind: 'block-document', blockTypeSlug: 'db-creds', documentId: 'doc-1', inline: false });
    expect(widget('token')).toMatchObject({ kind: 'union', selected: 0, options: [{ widget: { kind: 'password', value: '********' } }, { widget: { kind: 'null' }, seed: null }] });
    expect(widget('tags')).toMatchObject({ kind: 'list', items: [{ kind: 'text', value: 'a' }], newItem: '' });
  });

  it('knows a nested block written inline from a picked document', () => {
    const model = schemaForm(fields, object('{"credentials":{"username":"bob","block_type_slug":"db-creds"}}'));
    expect(model.fields.find((field) => field.key === 'credentials')?.widget).toMatchObject({ kind: 'block-document', documentId: null, inline: true });
  });
});
