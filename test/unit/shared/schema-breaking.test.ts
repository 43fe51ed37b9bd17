import { describe, expect, it } from 'vitest';
import { parseJson, type JsonValue } from '../../../src/shared/json';
import { breakingChanges } from '../../../src/shared/schema-breaking';

function fields(value: unknown): JsonValue {
  return parseJson(JSON.stringify(value));
}

const base = {
  title: 'Bucket',
  type: 'object',
  properties: {
    name: { title: 'Name', type: 'string' },
    retries: { title: 'Retries', default: 3, type: 'integer' },
    token: { title: 'Token', type: 'string', format: 'password', writeOnly: true },
    credentials: { $ref: '#/definitions/AwsCredentials' },
  },
  required: ['name'],
  secret_fields: ['token', 'credentials.aws_secret_access_key'],
};

function clone(): typeof base & Record<string, unknown> {
  return structuredClone(base);
}

describe('breakingChanges', () => {
  it('finds none between equal schemas, nor for a description, a title or a default changed', () => {
    const newer = clone();
    newer.title = 'Another';
    newer.properties.name.title = 'Bucket name';
    newer.properties.retries.default = 5;
    expect(breakingChanges(fields(base), fields(newer))).toEqual([]);
  });

  it('a removed field', () => {
    const newer = clone();
    delete (newer.properties as Record<string, unknown>).retries;
    expect(breakingChanges(fields(base), fields(newer))).toEqual([{ field: 'retries', kind: 'field-removed', message: "field 'retries' removed" }]);
  });

  it('a type narrowed or changed is breaking; widened (a null allowed, integer to number, any) is not', () => {
    const narrowed = clone();
    (narrowed.properties as Record<string, unknown>).name = { title: 'Name', type: 'integer' };
    expect(breakingChanges(fields(base), fields(narrowed))).toEqual([{ field: 'name', kind: 'type-changed', message: "field 'name' type string → integer" }]);
    const widened = clone();
    (widened.properties as Record<string, unknown>).name = { title: 'Name', anyOf: [{ type: 'string' }, { type: 'null' }] };
    (widened.properties as Record<string, unknown>).retries = { title: 'Retries', default: 3, type: 'number' };
    (widened.properties as Record<string, unknown>).credentials = {};
    expect(breakingChanges(fields(base), fields(widened))).toEqual([]);
    // And back: a null no longer allowed is narrowing.
    expect(breakingChanges(fields(widened), fields(base)).map((change) => [change.field, change.kind])).toEqual([
      ['name', 'type-changed'],
      ['retries', 'type-changed'],
      ['credentials', 'type-changed'],
    ]);
  });

  it('a new required field without a default, or an optional one made required without one; with a default it is not breaking', () => {
    const newer = clone();
    (newer.properties as Record<string, unknown>).region = { title: 'Region', type: 'string' };
    (newer.properties as Record<string, unknown>).zone = { title: 'Zone', type: 'string', default: 'a' };
    (newer.properties as Record<string, unknown>).token = { ...base.properties.token };
    newer.required = ['name', 'region', 'zone', 'token'];
    expect(breakingChanges(fields(base), fields(newer))).toEqual([
      { field: 'token', kind: 'required-without-default', message: "field 'token' required without a default" },
      { field: 'region', kind: 'required-without-default', message: "new field 'region' required without a default" },
    ]);
  });

  it('a secret made plain: dropped from secret_fields, or its password format and writeOnly removed', () => {
    const newer = clone();
    newer.secret_fields = ['token'];
    expect(breakingChanges(fields(base), fields(newer))).toEqual([
      { field: 'credentials.aws_secret_access_key', kind: 'secret-made-plain', message: "secret field 'credentials.aws_secret_access_key' no longer secret" },
    ]);
    const plain = clone();
    plain.secret_fields = ['credentials.aws_secret_access_key'];
    (plain.properties as Record<string, unknown>).token = { title: 'Token', type: 'string' };
    expect(breakingChanges(fields(base), fields(plain))).toEqual([{ field: 'token', kind: 'secret-made-plain', message: "secret field 'token' no longer secret" }]);
  });

  it('a removed secret field is one change (removed), not two', () => {
    const newer = clone();
    delete (newer.properties as Record<string, unknown>).token;
    newer.secret_fields = ['credentials.aws_secret_access_key'];
    expect(breakingChanges(fields(base), fields(newer)).map((change) => change.kind)).toEqual(['field-removed']);
  });

  it('reads anything that is not a schema as a schema without fields', () => {
    expect(breakingChanges(fields(null), fields(base))).toEqual([{ field: 'name', kind: 'required-without-default', message: "new field 'name' required without a default" }]);
    expect(breakingChanges(fields([1]), fields('x'))).toEqual([]);
  });
});
