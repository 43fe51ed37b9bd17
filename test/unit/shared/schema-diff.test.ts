import { describe, expect, it } from 'vitest';
import { parseJson, type JsonValue } from '../../../src/shared/json';
import { countPropertyChanges, summarizeSchemaDiff, type SchemaSide } from '../../../src/shared/schema-diff';

function side(fields: unknown, capabilities: string[] = [], version = '1.0.0'): SchemaSide {
  return { fields: parseJson(JSON.stringify(fields)) as JsonValue, capabilities, version };
}

const base = {
  title: 'Bucket',
  description: 'A bucket.',
  type: 'object',
  properties: {
    name: { title: 'Name', description: 'The name.', type: 'string' },
    retries: { title: 'Retries', default: 3, type: 'integer' },
    credentials: { title: 'Credentials', $ref: '#/definitions/AwsCredentials' },
  },
  required: ['name'],
  secret_fields: ['credentials.aws_secret_access_key'],
  block_schema_references: { credentials: { block_type_slug: 'aws-credentials', block_schema_checksum: 'sha256:aaa' } },
  definitions: { AwsCredentials: { title: 'AwsCredentials', type: 'object', properties: {} } },
};

function clone(): typeof base {
  return structuredClone(base);
}

describe('summarizeSchemaDiff', () => {
  it('finds nothing between equal schemas, whatever their key order', () => {
    const reordered = {
      properties: base.properties,
      type: 'object',
      title: 'Bucket',
      description: 'A bucket.',
      required: ['name'],
      secret_fields: base.secret_fields,
      block_schema_references: base.block_schema_references,
      definitions: base.definitions,
    };
    const summary = summarizeSchemaDiff(side(base), side(reordered));
    expect(summary).toEqual({ schema: [], properties: [] });
    expect(countPropertyChanges(summary.properties)).toBe('no field changes');
  });

  it('names two changed fields and what changed in each', () => {
    const newer = clone();
    newer.properties.retries = { title: 'Retries', default: 5, type: 'number' };
    newer.properties.name.description = 'The bucket name.';
    newer.required = [];
    const summary = summarizeSchemaDiff(side(base), side(newer));
    expect(summary.schema).toEqual([]);
    expect(summary.properties).toEqual([
      { name: 'name', kind: 'changed', details: ['description changed', 'no longer required'] },
      { name: 'retries', kind: 'changed', details: ['type integer → number', 'default 3 → 5'] },
    ]);
    expect(countPropertyChanges(summary.properties)).toBe('2 changed');
  });

  it('describes added and removed properties: type, required, default, secret', () => {
    const newer = clone() as Record<string, unknown> & typeof base;
    const properties = newer.properties as Record<string, unknown>;
    delete properties.retries;
    properties.token = { title: 'Token', type: 'string', format: 'password', writeOnly: true };
    properties.region = { title: 'Region', default: 'eu-west-1', anyOf: [{ type: 'string' }, { type: 'null' }] };
    newer.required = ['name', 'token'];
    newer.secret_fields = [...base.secret_fields, 'token'];
    const summary = summarizeSchemaDiff(side(base), side(newer));
    expect(summary.properties).toEqual([
      { name: 'token', kind: 'added', details: ['string', 'required', 'secret'] },
      { name: 'region', kind: 'added', details: ['string | null', 'default "eu-west-1"'] },
      { name: 'retries', kind: 'removed', details: ['integer', 'default 3'] },
    ]);
    expect(countPropertyChanges(summary.properties)).toBe('2 added, 1 removed');
  });

  it('says which secret fields and nested blocks a property gained or lost', () => {
    const newer = clone();
    newer.secret_fields = ['credentials.aws_secret_access_key', 'credentials.aws_session_token'];
    newer.block_schema_references.credentials = { block_type_slug: 'minio-credentials', block_schema_checksum: 'sha256:bbb' };
    const summary = summarizeSchemaDiff(side(base), side(newer));
    expect(summary.properties).toEqual([{ name: 'credentials', kind: 'changed', details: ['secret fields +credentials.aws_session_token', 'nested block aws-credentials → minio-credentials'] }]);

    const sameSlug = clone();
    sameSlug.block_schema_references.credentials.block_schema_checksum = 'sha256:ccc';
    expect(summarizeSchemaDiff(side(base), side(sameSlug)).properties).toEqual([{ name: 'credentials', kind: 'changed', details: ['nested aws-credentials schema changed'] }]);
  });

  it('reports a nested property that contains secrets as such when added', () => {
    const older = clone() as Record<string, unknown> & typeof base;
    delete (older.properties as Record<string, unknown>).credentials;
    older.secret_fields = [];
    older.block_schema_references = {} as typeof base.block_schema_references;
    const summary = summarizeSchemaDiff(side(older), side(base));
    expect(summary.properties).toEqual([{ name: 'credentials', kind: 'added', details: ['AwsCredentials', 'contains secrets', 'nests aws-credentials'] }]);
  });

  it('reports version, capabilities, title, description and definitions of the schema itself', () => {
    const newer = clone() as Record<string, unknown> & typeof base;
    newer.title = 'Bucket2';
    newer.description = 'Another bucket.';
    newer.definitions = { AwsCredentials: { title: 'AwsCredentials', type: 'object', properties: { key: { type: 'string' } } }, Extra: { type: 'object' } } as unknown as typeof base.definitions;
    const summary = summarizeSchemaDiff(side(base, ['read-path', 'write-path'], '0.4.14'), side(newer, ['read-path', 'get-directory'], '0.5.0'));
    expect(summary.schema).toEqual([
      'version 0.4.14 → 0.5.0',
      'capabilities +get-directory, −write-path',
      'title "Bucket" → "Bucket2"',
      'description changed',
      'definitions +Extra',
      'definitions changed: AwsCredentials',
    ]);
    expect(summary.properties).toEqual([]);
  });

  it('says a property changed when only keywords it does not itemise differ', () => {
    const newer = clone() as Record<string, unknown> & typeof base;
    (newer.properties as Record<string, unknown>).name = { ...base.properties.name, enum: ['a', 'b'] };
    expect(summarizeSchemaDiff(side(base), side(newer)).properties).toEqual([{ name: 'name', kind: 'changed', details: ['other keywords changed'] }]);
  });

  it('tells a float default from an int one, as Prefect hashes them', () => {
    const older = side({ type: 'object', properties: { ratio: { type: 'number', default: 1 } } });
    const newer = side({ type: 'object', properties: { ratio: { type: 'number', default: 1 } } });
    (newer.fields as { properties: { ratio: { default: JsonValue } } }).properties.ratio.default = parseJson('1.0');
    expect(summarizeSchemaDiff(older, newer).properties).toEqual([{ name: 'ratio', kind: 'changed', details: ['default 1 → 1.0'] }]);
  });
});
