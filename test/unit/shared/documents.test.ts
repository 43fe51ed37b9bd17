// The pure rules of block documents: which values a schema's secret_fields cover, masking them as
// Prefect's API does (and more: an object at a secret path), the upgrade plan, TYPE/NAME, and
// Prefect UI's rule for a new document's name.
import { describe, expect, it } from 'vitest';
import { documentNameProblem, maskSecrets, parseDocumentAddress, planUpgrade, SECRET_MASK, secretFieldsOf, secretValues } from '../../../src/shared/documents';
import { parseJson, type JsonObject } from '../../../src/shared/json';

const object = (text: string): JsonObject => parseJson(text) as JsonObject;

describe('secret values', () => {
  it('are the values at the secret paths: exact paths unless null, everything under a wildcard, inside nested documents', () => {
    const data = object('{"token":"t-1","empty":null,"credentials":{"username":"u","password":"p-2"},"headers":{"a":"h-1","b":null,"c":{"d":"h-2"}},"plain":"x"}');
    const fields = ['token', 'empty', 'credentials.password', 'headers.*', 'missing.path'];
    expect(secretValues(data, fields).map(({ path, value }) => [path, value])).toEqual([
      ['token', 't-1'],
      ['credentials.password', 'p-2'],
      ['headers.a', 'h-1'],
      ['headers.b', null],
      ['headers.c.d', 'h-2'],
    ]);
  });

  it("are masked with Prefect's eight asterisks, the data given left as it was; an object at an exact secret path is masked inside too", () => {
    const data = object('{"token":"t-1","settings":{"key":"k-1","nested":{"deep":"k-2"}},"port":5432}');
    const masked = maskSecrets(data, ['token', 'settings']);
    expect(masked).toEqual(object(`{"token":"${SECRET_MASK}","settings":{"key":"${SECRET_MASK}","nested":{"deep":"${SECRET_MASK}"}},"port":5432}`));
    expect(data.token).toBe('t-1');
    expect(SECRET_MASK).toBe('********');
  });

  it("are read from a schema's secret_fields (strings only)", () => {
    expect(secretFieldsOf(parseJson('{"secret_fields":["a","b.*",3,""]}'))).toEqual(['a', 'b.*']);
    expect(secretFieldsOf(parseJson('{"properties":{}}'))).toEqual([]);
  });
});

describe('upgrade plan', () => {
  it('fills new fields from their defaults and blocks on a new required field without one', () => {
    const newest = parseJson(
      '{"properties":{"url":{"type":"string"},"region":{"type":"string","default":"eu-west-1"},"channel":{"type":"string"},"note":{"type":"string"}},"required":["url","channel"]}',
    );
    expect(planUpgrade(object('{"url":"https://x"}'), newest)).toEqual({
      filled: { region: 'eu-west-1' },
      blockers: ["the newest schema requires 'channel', which this document has no value for and which has no default"],
    });
    expect(planUpgrade(object('{"url":"https://x","channel":"c","region":"us"}'), newest)).toEqual({ filled: {}, blockers: [] });
  });
});

describe('names', () => {
  it('reads TYPE/NAME: one slash, both sides present', () => {
    expect(parseDocumentAddress('s3-bucket/prod-data')).toEqual({ slug: 's3-bucket', name: 'prod-data' });
    for (const text of ['prod-data', '/x', 'x/', 'a/b/c', '']) expect(parseDocumentAddress(text), text).toBeNull();
  });

  it("follows Prefect UI's rule for a new document's name, with its own message", () => {
    expect(documentNameProblem('prod-data-2')).toBeNull();
    expect(documentNameProblem('Prod')).toBeNull();
    for (const name of ['', 'prod data', 'prod_data', 'prod/data']) expect(documentNameProblem(name), name).toBe('Name must only contain lowercase letters, numbers, and dashes');
  });
});
