// The launched database every renderer test copies: the real launch-time registration, plus a
// second, newer AWS Credentials schema registered through main's import path. Launching takes a
// while, so it runs once per test run (vitest's globalSetup, vitest.config.ts) and each test
// copies the file, which is cheap: the database is one file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { BlockFileInput } from '../../../src/main/block-files/block-file';
import { parseBlockFiles } from '../../helpers/block-files';
import { importEntries } from '../../../src/main/operations/import';
import { launchRegistry } from '../../../src/main/operations/launch';
import { blockSchemaChecksum } from '../../../src/shared/checksum';
import { LosslessNumber, stringifyJson } from '../../../src/shared/json';
import type { RegistrationReport } from '../../../src/shared/report';
import { asObject } from '../../helpers/registry';
import { catalogueType } from '../../helpers/catalogue-file';

export interface LaunchedTemplate {
  /** The database file to copy. */
  path: string;
  /** The launch's report, as main keeps it for `getRegistrationReport`. */
  report: RegistrationReport;
}

/**
 * A second, newer AWS Credentials schema beside the catalogue's 0.4.14, for the version list and
 * the diff: one description changed, one property added whose float default must stay `1.0`.
 */
export function newerAwsCredentials(): BlockFileInput {
  const aws = catalogueType('aws-credentials');
  const schema = asObject(aws.block_schema);
  const fields = asObject(schema.fields);
  const properties = asObject(fields.properties);
  asObject(properties.aws_access_key_id).description = 'The AWS access key ID.';
  properties.retries = { title: 'Retries', description: 'How often to retry.', type: 'number', default: new LosslessNumber('1.0') };
  schema.version = '0.5.0';
  schema.checksum = blockSchemaChecksum(fields);
  return { name: 'aws-credentials-0.5.0.json', bytes: new TextEncoder().encode(stringifyJson(aws, 2)) };
}

/** Launches in a new folder; `remove` deletes it. */
export async function launchTemplate(): Promise<LaunchedTemplate & { remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'block-registry-renderer-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const { registry, report } = await launchRegistry(dir);
    try {
      await importEntries(registry, await parseBlockFiles([newerAwsCredentials()]), 'aws-credentials-0.5.0.json');
    } finally {
      await registry.close();
    }
    return { path: registry.path, report, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by the globalSetup below; absent when a config runs the renderer tests without it. */
    launchedTemplate: LaunchedTemplate | undefined;
  }
}

/** vitest's globalSetup: launches once for the whole run and removes the folder at its end. */
export default async function setup(project: TestProject): Promise<() => void> {
  let launched: Awaited<ReturnType<typeof launchTemplate>>;
  try {
    launched = await launchTemplate();
  } catch {
    // A broken launch must not stop the rest of the run: each renderer test file then launches
    // on its own (real-api.ts) and fails there, with the launch's error.
    project.provide('launchedTemplate', undefined);
    return () => undefined;
  }
  project.provide('launchedTemplate', { path: launched.path, report: launched.report });
  return launched.remove;
}
