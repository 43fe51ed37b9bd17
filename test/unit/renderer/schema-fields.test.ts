// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import systemBlocksText from '../../../resources/prefect/system_blocks.json?raw';
import { describeType, refName, schemaDefinitions, schemaDescription, schemaFields } from '../../../src/shared/schema-fields';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../../src/shared/json';
import { catalogueFields } from '../../helpers/catalogue-file';

function systemFields(slug: string): JsonValue {
  const root = parseJson(systemBlocksText);
  if (!isJsonObject(root) || !Array.isArray(root.block_types)) throw new Error('system blocks');
  const entry = root.block_types.find((candidate): candidate is JsonObject => isJsonObject(candidate) && candidate.slug === slug);
  if (entry === undefined || !isJsonObject(entry.block_schema)) throw new Error(slug);
  return entry.block_schema.fields as JsonValue;
}

describe('schemaFields', () => {
  it('reads AWS Credentials: types, $ref through allOf, secrets from secret_fields and format', () => {
    const fields = schemaFields(catalogueFields('aws-credentials'));
    expect(fields.map((f) => f.name)).toEqual(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'profile_name', 'region_name', 'aws_client_parameters']);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.aws_access_key_id).toMatchObject({ type: 'string', required: false, secret: false, default: null, title: 'AWS Access Key ID', description: 'A specific AWS access key ID.' });
    expect(byName.aws_secret_access_key).toMatchObject({ type: 'string', secret: true });
    expect(byName.aws_client_parameters).toMatchObject({ type: 'AwsClientParameters', secret: false });
  });

  it('marks required properties and nested secrets only by their own name', () => {
    const fields = schemaFields(catalogueFields('azure-blob-storage-container'));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.container_name?.required).toBe(true);
    expect(byName.base_folder?.required).toBe(false);
    // secret_fields has "credentials.connection_string": a field inside the nested block, not `credentials` itself.
    expect(byName.credentials).toMatchObject({ type: 'AzureBlobStorageCredentials', secret: false });
  });

  it('orders by position, shows anyOf alternatives and arrays, and defaults as JSON', () => {
    const fields = schemaFields(systemFields('opsgenie-webhook'));
    expect(fields.map((f) => f.name)).toEqual([
      'notify_type',
      'apikey',
      'target_user',
      'target_team',
      'target_schedule',
      'target_escalation',
      'region_name',
      'batch',
      'tags',
      'priority',
      'alias',
      'entity',
      'details',
    ]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.target_user).toMatchObject({ type: 'array<string> | null', default: 'null' });
    expect(byName.priority).toMatchObject({ type: 'integer | null', default: '3' });
    const slack = schemaFields(systemFields('slack-webhook'));
    expect(slack.map((f) => f.name)).toEqual(['notify_type', 'url', 'allow_private_urls']);
    expect(slack.find((f) => f.name === 'notify_type')?.default).toBe('"info"');
    expect(slack.find((f) => f.name === 'allow_private_urls')?.default).toBe('true');
    expect(slack.find((f) => f.name === 'url')).toMatchObject({ required: true, secret: true });
    const smb = Object.fromEntries(schemaFields(systemFields('smb')).map((f) => [f.name, f]));
    // A password alternative inside anyOf makes the property secret.
    expect(smb.smb_username).toMatchObject({ type: 'string | null', secret: true });
    expect(smb.smb_port).toMatchObject({ type: 'integer | null', secret: false });
  });

  it('sorts by position even when insertion order differs, unpositioned last', () => {
    const fields = parseJson('{"properties":{"c":{"type":"string"},"b":{"type":"string","position":1},"a":{"type":"string","position":0}},"secret_fields":["c.*"]}');
    const rows = schemaFields(fields);
    expect(rows.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(rows[2]?.secret).toBe(true);
  });

  it('keeps number lexemes exactly (1.0 stays 1.0)', () => {
    const rows = schemaFields(parseJson('{"properties":{"x":{"type":"number","default":1.0},"y":{"type":"array","items":{"$ref":"#/definitions/Y"},"default":[1, 2.50]}}}'));
    expect(rows[0]?.default).toBe('1.0');
    expect(rows[1]).toMatchObject({ type: 'array<Y>', default: '[1,2.50]' });
  });

  it('describes unusual schemas without failing', () => {
    expect(describeType(parseJson('{"type":["string","null"]}'))).toBe('string | null');
    expect(describeType(parseJson('{"enum":["a"]}'))).toBe('enum');
    expect(describeType(parseJson('{}'))).toBe('any');
    expect(describeType(parseJson('{"type":"array"}'))).toBe('array');
    expect(describeType(parseJson('{"anyOf":[{"type":"string"},{"type":"string"}]}'))).toBe('string');
    expect(refName('#/definitions/a~1b')).toBe('a/b');
    expect(schemaFields(parseJson('[]'))).toEqual([]);
    expect(schemaFields(parseJson('{"properties":[]}'))).toEqual([]);
  });

  it('lists definitions with their JSON', () => {
    const definitions = schemaDefinitions(catalogueFields('aws-credentials'));
    expect(definitions.map((d) => d.name)).toEqual(['AwsClientParameters']);
    expect(definitions[0]?.json).toContain('"title": "AwsClientParameters"');
    expect(schemaDefinitions(parseJson('{}'))).toEqual([]);
  });
});

describe('schemaFields: nested secrets, type links, definitions as tables', () => {
  it("says S3 Bucket's credentials contain secrets, from the dotted paths of secret_fields", () => {
    const byName = Object.fromEntries(schemaFields(catalogueFields('s3-bucket')).map((f) => [f.name, f]));
    expect(byName.credentials).toMatchObject({ secret: false, containsSecrets: true });
    expect(byName.bucket_name).toMatchObject({ secret: false, containsSecrets: false });
  });

  it('a `name.*` entry makes the whole property secret, not "contains"', () => {
    const rows = schemaFields(parseJson('{"properties":{"headers":{"type":"object"}},"secret_fields":["headers.*"]}'));
    expect(rows[0]).toMatchObject({ secret: true, containsSecrets: false });
  });

  it('names the definitions a type refers to, with the block type of nested blocks', () => {
    const byName = Object.fromEntries(schemaFields(catalogueFields('s3-bucket')).map((f) => [f.name, f]));
    expect(byName.credentials?.references).toEqual([
      { name: 'MinIOCredentials', blockTypeSlug: 'minio-credentials' },
      { name: 'AwsCredentials', blockTypeSlug: 'aws-credentials' },
    ]);
    const aws = Object.fromEntries(schemaFields(catalogueFields('aws-credentials')).map((f) => [f.name, f]));
    expect(aws.aws_client_parameters?.references).toEqual([{ name: 'AwsClientParameters', blockTypeSlug: null }]);
    expect(aws.region_name?.references).toEqual([]);
  });

  it("gives each definition its rows (resolving its refs in the root's definitions), enum values or description", () => {
    const definitions = schemaDefinitions(catalogueFields('s3-bucket'));
    const minio = definitions.find((d) => d.name === 'MinIOCredentials');
    expect(minio).toMatchObject({ blockTypeSlug: 'minio-credentials', enumValues: null });
    expect(minio?.fields.map((f) => [f.name, f.secret])).toEqual([
      ['minio_root_user', false],
      ['minio_root_password', true],
      ['region_name', false],
      ['aws_client_parameters', false],
    ]);
    expect(minio?.fields.find((f) => f.name === 'aws_client_parameters')?.references).toEqual([{ name: 'AwsClientParameters', blockTypeSlug: null }]);
    const enums = schemaDefinitions(parseJson('{"definitions":{"Color":{"enum":["red",1,null],"description":"A *colour*."}}}'));
    expect(enums[0]).toMatchObject({ name: 'Color', enumValues: ['red', '1', 'null'], description: 'A *colour*.', fields: [] });
    expect(schemaDescription(catalogueFields('s3-bucket'))).toBe('Block used to store data using AWS S3 or S3-compatible object storage like MinIO.');
    expect(schemaDescription(parseJson('[]'))).toBeNull();
  });
});
