import { describe, expect, it } from 'vitest';
import everyWidgetText from '../../fixtures/every-widget.json?raw';
import systemBlocksText from '../../../resources/prefect/system_blocks.json?raw';
import { schemaForm, unionIndex, widgetKinds, type FormField, type FormWidget } from '../../../src/renderer/model/schema-form';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../../src/shared/json';
import { catalogueFields } from '../../helpers/catalogue-file';

function everyWidgetFields(): JsonValue {
  const entry = parseJson(everyWidgetText);
  if (!isJsonObject(entry) || !isJsonObject(entry.block_schema)) throw new Error('fixture');
  return entry.block_schema.fields as JsonValue;
}

function systemFields(slug: string): JsonValue {
  const root = parseJson(systemBlocksText);
  if (!isJsonObject(root) || !Array.isArray(root.block_types)) throw new Error('system blocks');
  const entry = root.block_types.find((candidate): candidate is JsonObject => isJsonObject(candidate) && candidate.slug === slug);
  if (entry === undefined || !isJsonObject(entry.block_schema)) throw new Error(slug);
  return entry.block_schema.fields as JsonValue;
}

function field(fields: readonly FormField[], key: string): FormField {
  const found = fields.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`no field ${key}`);
  return found;
}

function widget<K extends FormWidget['kind']>(value: FormWidget, kind: K): Extract<FormWidget, { kind: K }> {
  if (value.kind !== kind) throw new Error(`expected a ${kind} widget, got ${value.kind}`);
  return value as Extract<FormWidget, { kind: K }>;
}

describe('schemaForm: the widget model of a schema', () => {
  it('orders by position, not declaration order (the fixture declares `verbose` first)', () => {
    const model = schemaForm(everyWidgetFields());
    expect(model.fields.map((f) => f.key)).toEqual([
      'name',
      'api_key',
      'region',
      'retries',
      'ratio',
      'verbose',
      'tags',
      'colors',
      'extra',
      'headers',
      'payload',
      'timeout',
      'credentials',
      'settings',
      'start_date',
      'started_at',
      'interval',
      'nothing',
    ]);
  });

  it('breaks position ties by declaration order, a missing position counting as 0 (as ui-v2 sorts)', () => {
    const model = schemaForm(parseJson('{"properties":{"c":{"type":"string","position":1},"b":{"type":"string"},"a":{"type":"string","position":0},"d":{"type":"string","position":-1}}}'));
    expect(model.fields.map((f) => f.key)).toEqual(['d', 'b', 'a', 'c']);
  });

  it('gives every widget kind, with labels, required, help text and defaults', () => {
    const model = schemaForm(everyWidgetFields());
    expect(model.title).toBe('EveryWidget');
    expect(model.description).toContain('**every** widget');
    expect([...widgetKinds(model)].sort()).toEqual(
      ['block-document', 'date', 'date-time', 'json', 'list', 'null', 'number', 'object', 'password', 'select', 'switch', 'text', 'time-delta', 'union'].sort(),
    );
    const fields = model.fields;
    expect(field(fields, 'name')).toMatchObject({ label: 'Name', required: true, secret: false, widget: { kind: 'text', value: null } });
    expect(field(fields, 'name').description).toContain('<b>raw HTML</b>');
    expect(field(fields, 'api_key')).toMatchObject({ label: 'API Key', required: true, secret: true, widget: { kind: 'password', value: null } });
    expect(field(fields, 'region')).toMatchObject({ required: false, widget: { kind: 'select', multiple: false, options: ['us-east-1', 'eu-west-1'], selected: ['eu-west-1'] } });
    expect(field(fields, 'retries').widget).toEqual({ kind: 'number', integer: true, value: '3', minimum: '0', maximum: null });
    expect(field(fields, 'ratio').widget).toEqual({ kind: 'number', integer: false, value: '0.5', minimum: null, maximum: null });
    expect(field(fields, 'verbose').widget).toEqual({ kind: 'switch', value: true });
    expect(field(fields, 'tags').widget).toEqual({
      kind: 'list',
      maxItems: null,
      items: [
        { kind: 'text', value: 'alpha', format: null },
        { kind: 'text', value: 'beta', format: null },
      ],
      // What Add item appends in an editable form: an empty string item.
      newItem: '',
    });
    // A list of enum values (through a `$ref`) is one multiple select.
    expect(field(fields, 'colors').widget).toEqual({ kind: 'select', multiple: true, options: ['red', 'green', 'blue'], selected: ['red'], values: ['red', 'green', 'blue'] });
    expect(field(fields, 'extra').widget).toEqual({ kind: 'json', value: '{\n  "key": "value"\n}', secret: false, note: null });
    // A SecretDict: `headers.*` in secret_fields.
    expect(field(fields, 'headers')).toMatchObject({ secret: true, widget: { kind: 'json', value: null, secret: true } });
    expect(field(fields, 'payload').widget).toMatchObject({ kind: 'json', value: null });
    expect(field(fields, 'start_date').widget).toEqual({ kind: 'date', value: null });
    expect(field(fields, 'started_at').widget).toEqual({ kind: 'date-time', value: null });
    expect(field(fields, 'interval').widget).toEqual({ kind: 'time-delta', value: null });
    expect(field(fields, 'nothing').widget).toEqual({ kind: 'null' });
  });

  it('shows a nested block as a picker of block documents of its type, through allOf', () => {
    const credentials = field(schemaForm(everyWidgetFields()).fields, 'credentials');
    expect(credentials).toMatchObject({ label: 'Credentials', widget: { kind: 'block-document', blockTypeSlug: 'aws-credentials', blockTypeTitle: 'Credentials' } });
  });

  it('shows a nested model (not a block) as its fields, with the defaults filled in', () => {
    const settings = widget(field(schemaForm(everyWidgetFields()).fields, 'settings').widget, 'object');
    expect(settings.fields.map((f) => [f.path, f.label, f.required, f.widget])).toEqual([
      ['settings.mode', 'Mode', true, { kind: 'text', value: 'fast', format: null }],
      ['settings.level', 'Level', false, { kind: 'number', integer: true, value: '2', minimum: null, maximum: null }],
    ]);
  });

  it('gives a union a type selector on the alternative its default belongs to', () => {
    const timeout = widget(field(schemaForm(everyWidgetFields()).fields, 'timeout').widget, 'union');
    // The default is null: the `None` alternative is selected.
    expect(timeout.selected).toBe(1);
    expect(timeout.options.map((option) => [option.label, option.widget.kind])).toEqual([
      ['int', 'number'],
      ['None', 'null'],
    ]);
  });

  it('reads S3 Bucket: credentials is a choice of two nested blocks, secrets included', () => {
    const model = schemaForm(catalogueFields('s3-bucket'));
    expect(model.description).toBe('Block used to store data using AWS S3 or S3-compatible object storage like MinIO.');
    expect(model.fields.map((f) => [f.key, f.label, f.required])).toEqual([
      ['bucket_name', 'Bucket Name', true],
      ['credentials', 'Credentials', false],
      ['bucket_folder', 'Bucket Folder', false],
    ]);
    expect(field(model.fields, 'bucket_folder').widget).toEqual({ kind: 'text', value: '', format: null });
    const credentials = widget(field(model.fields, 'credentials').widget, 'union');
    expect(credentials.selected).toBe(0);
    expect(credentials.options.map((option) => [option.label, option.widget])).toEqual([
      ['MinIOCredentials', { kind: 'block-document', blockTypeSlug: 'minio-credentials', blockTypeTitle: 'MinIOCredentials', documentId: null, inline: false }],
      ['AwsCredentials', { kind: 'block-document', blockTypeSlug: 'aws-credentials', blockTypeTitle: 'AwsCredentials', documentId: null, inline: false }],
    ]);
    expect(credentials.options[0]?.description).toContain('Block used to manage authentication with MinIO');
  });

  it("reads Prefect's Secret block: a union whose first alternative is a password, the plain string alternative stays text", () => {
    const value = field(schemaForm(systemFields('secret')).fields, 'value');
    expect(value).toMatchObject({ required: true, secret: true });
    const union = widget(value.widget, 'union');
    expect(union.options.map((option) => [option.label, option.widget.kind])).toEqual([
      ['password', 'password'],
      ['string', 'text'],
      ['JSON', 'json'],
    ]);
  });

  it('selects the union alternative a default belongs to, as ui-v2 does', () => {
    const options = parseJson(
      '[{"type":"boolean"},{"type":"string","enum":["a","b"]},{"type":"string"},{"type":"object","properties":{"x":{}}},{"type":"object"},{"type":"array"},{"type":"null"}]',
    ) as JsonObject[];
    expect(unionIndex(options, undefined)).toBe(0);
    expect(unionIndex(options, true)).toBe(0);
    expect(unionIndex(options, 'b')).toBe(1);
    expect(unionIndex(options, 'c')).toBe(2);
    expect(unionIndex(options, parseJson('{"x":1}'))).toBe(3);
    expect(unionIndex(options, parseJson('{"y":1}'))).toBe(4);
    expect(unionIndex(options, parseJson('[]'))).toBe(5);
    expect(unionIndex(options, null)).toBe(6);
    // Nothing matches a number: the first alternative.
    expect(unionIndex(options, parseJson('1') as JsonValue)).toBe(0);
  });

  it('treats a list of types as a union, and enums without a type as selects', () => {
    const model = schemaForm(parseJson('{"properties":{"a":{"type":["string","null"],"default":"x"},"b":{"enum":[1,2,null],"default":2}}}'));
    const a = widget(field(model.fields, 'a').widget, 'union');
    expect(a.options.map((option) => option.label)).toEqual(['str', 'None']);
    expect(a.options[0]?.widget).toEqual({ kind: 'text', value: 'x', format: null });
    expect(field(model.fields, 'b').widget).toEqual({ kind: 'select', multiple: false, options: ['1', '2', 'null'], selected: ['2'], values: parseJson('[1,2,null]') });
  });

  it('labels as ui-v2 does: title, else format, else a Python type name', () => {
    const model = schemaForm(parseJson('{"properties":{"a":{"type":"integer"},"b":{"type":"string","format":"uri"},"c":{}}}'));
    expect(model.fields.map((f) => f.label)).toEqual(['int', 'uri', 'Field']);
  });

  it('stops a recursive definition with a JSON editor instead of looping', () => {
    const model = schemaForm(
      parseJson(
        '{"properties":{"tree":{"$ref":"#/definitions/Node"}},"definitions":{"Node":{"title":"Node","type":"object","properties":{"child":{"$ref":"#/definitions/Node"},"label":{"type":"string"}}}}}',
      ),
    );
    const tree = widget(field(model.fields, 'tree').widget, 'object');
    expect(field(tree.fields, 'label').widget.kind).toBe('text');
    expect(field(tree.fields, 'child').widget).toMatchObject({ kind: 'json', note: 'Node refers to itself: edited as JSON' });
  });

  it('stays small for a schema whose definitions nest each other many times', () => {
    const definitions: Record<string, unknown> = {};
    for (let level = 0; level < 20; level += 1) {
      const next = level === 19 ? { type: 'string' } : { $ref: `#/definitions/D${level + 1}` };
      definitions[`D${level}`] = { type: 'object', properties: { a: next, b: next, c: next } };
    }
    const model = schemaForm(parseJson(JSON.stringify({ properties: { root: { $ref: '#/definitions/D0' } }, definitions })));
    let count = 0;
    const visit = (value: FormWidget): void => {
      count += 1;
      if (value.kind === 'object') value.fields.forEach((f) => visit(f.widget));
    };
    model.fields.forEach((f) => visit(f.widget));
    expect(count).toBeLessThanOrEqual(2_000 * 3 + 1);
    expect(count).toBeGreaterThan(500);
  });

  it('answers an empty form for something that is not a schema', () => {
    expect(schemaForm(parseJson('[]'))).toEqual({ title: null, description: null, fields: [] });
    expect(schemaForm(parseJson('{"properties":{"x":{"$ref":"#/definitions/Missing"}}}')).fields[0]?.widget).toMatchObject({ kind: 'json' });
  });
});
