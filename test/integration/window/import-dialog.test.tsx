// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { blockSchemaChecksum } from '../../../src/shared/checksum';
import type { JsonObject } from '../../../src/shared/json';
import { catalogueType, dropFiles, jsonFile, newType, textFile } from './import-files';
import { renderApp } from './render-app';

function updatedS3Bucket(): JsonObject {
  const s3 = catalogueType('s3-bucket');
  s3.description = 'Buckets, now described anew.';
  return s3;
}

async function openPreview(files: File[]) {
  const rendered = renderApp();
  await screen.findAllByRole('article');
  dropFiles(files);
  const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
  return { ...rendered, dialog };
}

const sampleFiles = (): File[] => [jsonFile('update.json', updatedS3Bucket()), jsonFile('new.json', newType()), jsonFile('more.json', [catalogueType('gcs-bucket'), catalogueType('aws-credentials')])];

/** An error's labelled details: [label, text] for each of entry, value and what would be valid. */
function details(error: HTMLElement): string[][] {
  return [...error.querySelectorAll('.preview-error-detail')].map((detail) => [detail.querySelector('dt')?.textContent ?? '', detail.querySelector('dd')?.textContent ?? '']);
}

function typeItem(dialog: HTMLElement, name: string): HTMLElement {
  return within(dialog).getByRole('listitem', { name });
}

describe('import preview dialog', () => {
  it('sums up the counts and names each file’s format', async () => {
    const { dialog } = await openPreview(sampleFiles());
    expect(within(dialog).getByText('1 new, 1 updated, 2 unchanged block types; 1 new schema, 3 already registered')).toBeTruthy();
    const files = within(dialog).getByRole('region', { name: 'Files (3)' });
    expect(
      within(files)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'update.jsonone block type with its schema (1 block type)',
      'new.jsonone block type with its schema (1 block type)',
      'more.jsona list of block types with their schemas (2 block types)',
    ]);
  });

  it('badges each block type with its outcome, updates first, unchanged ones collapsed', async () => {
    const { dialog, user } = await openPreview(sampleFiles());
    const groups = within(dialog)
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.textContent);
    expect(groups).toEqual(['Warnings', 'Files (3)', 'Updates (1)', 'New (1)', 'Unchanged (2)']);
    const badge = { selector: '.outcome-badge' };
    expect(within(typeItem(dialog, 'S3 Bucket')).getByText('Update', badge)).toBeTruthy();
    expect(within(typeItem(dialog, 'My Block')).getByText('New', badge)).toBeTruthy();
    expect(within(dialog).queryByRole('listitem', { name: 'GCS Bucket' })).toBeNull();
    await user.click(within(dialog).getByText('Unchanged (2)'));
    expect(within(typeItem(dialog, 'GCS Bucket')).getByText('Unchanged', badge)).toBeTruthy();
    expect(within(typeItem(dialog, 'AWS Credentials')).getByText('Unchanged', badge)).toBeTruthy();
  });

  it('shows an update field by field: field, before, after', async () => {
    const { dialog } = await openPreview(sampleFiles());
    const before = catalogueType('s3-bucket').description;
    const table = within(typeItem(dialog, 'S3 Bucket')).getByRole('table', { name: 'Changes to S3 Bucket' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Field', 'Before', 'After'],
      ['description', before, 'Buckets, now described anew.'],
    ]);
    expect(within(typeItem(dialog, 'My Block')).queryByRole('table')).toBeNull();
  });

  it('lists each schema with version, short checksum (full in the title) and whether it is new', async () => {
    const { dialog } = await openPreview(sampleFiles());
    const s3Schema = catalogueType('s3-bucket').block_schema as JsonObject;
    const s3 = within(typeItem(dialog, 'S3 Bucket')).getByRole('list', { name: 'Schemas of S3 Bucket' });
    expect(within(s3).getByText(String(s3Schema.version))).toBeTruthy();
    expect(within(s3).getByText('Already registered')).toBeTruthy();
    const checksum = within(s3).getByTitle(String(s3Schema.checksum));
    expect(checksum.textContent).toBe(`${String(s3Schema.checksum).slice(0, 'sha256:'.length + 12)}…`);
    const mine = within(typeItem(dialog, 'My Block')).getByRole('list', { name: 'Schemas of My Block' });
    expect(within(mine).getByText('New')).toBeTruthy();
  });

  it('shows both checksums when the recorded one differs, and the warning', async () => {
    const { dialog } = await openPreview(sampleFiles());
    const fields = (newType().block_schema as JsonObject).fields as JsonObject;
    const computed = blockSchemaChecksum(fields);
    const mine = within(typeItem(dialog, 'My Block')).getByRole('list', { name: 'Schemas of My Block' });
    const mismatch = within(mine).getByText(/Checksum differs/);
    expect(mismatch.textContent).toBe(`Checksum differs: recorded sha256:000000000000… computed ${computed.slice(0, 19)}…`);
    expect(within(mismatch).getByTitle('sha256:0000000000000000000000000000000000000000000000000000000000000000')).toBeTruthy();
    const warnings = within(dialog).getByRole('region', { name: 'Warnings' });
    const items = within(warnings).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toBe(
      `Checksum mismatch new.json: block_schema.checksum: the recorded checksum sha256:0000000000000000000000000000000000000000000000000000000000000000 does not match the fields (${computed}): the file was edited by hand. The computed checksum will be stored.`,
    );
  });

  it('lists nested references with their resolution', async () => {
    const { dialog } = await openPreview(sampleFiles());
    const nested = within(typeItem(dialog, 'S3 Bucket')).getByRole('list', { name: 'Nested blocks of S3 Bucket' });
    const text = within(nested)
      .getAllByRole('listitem')
      .map((item) => item.textContent ?? '');
    expect(text).toEqual(['credentials → minio-credentials sha256:5b4f1e5270f3… registered', 'credentials → aws-credentials sha256:17b73297ed60… registered']);
  });

  it('says when a reference is resolved within the import, and lists an unresolved one as an error', async () => {
    const mine = newType();
    const checksum = blockSchemaChecksum((mine.block_schema as JsonObject).fields as JsonObject);
    const parent = newType();
    parent.name = 'My Parent';
    parent.slug = 'my-parent';
    const fields = (parent.block_schema as JsonObject).fields as JsonObject;
    (parent.block_schema as JsonObject).checksum = null;
    fields.block_type_slug = 'my-parent';
    fields.block_schema_references = {
      child: { block_type_slug: 'my-block', block_schema_checksum: checksum },
      missing: { block_type_slug: 'nowhere', block_schema_checksum: 'sha256:9999999999999999999999999999999999999999999999999999999999999999' },
    };
    const { dialog } = await openPreview([jsonFile('both.json', [mine, parent])]);
    const nested = within(typeItem(dialog, 'My Parent')).getByRole('list', { name: 'Nested blocks of My Parent' });
    expect(
      within(nested)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([`child → my-block ${checksum.slice(0, 19)}… in this import`, 'missing → nowhere sha256:999999999999… unresolved']);
    // Main's preview runs the registration, which stops at the type it cannot find (Prefect's
    // words), and points at the reference that names it.
    // The entry it is in is named beside it.
    const error = within(within(dialog).getByRole('alert')).getByRole('listitem');
    expect(error.querySelector('.preview-error-text')?.textContent).toBe(
      "both.json: [1].block_schema.fields.block_schema_references.missing: Cannot create block schema because block type 'nowhere' was not found.Did you forget to register the block type?",
    );
    expect(details(error)).toEqual([['Entry', '[1] "My Parent"']]);
  });

  it('one bad entry beside new, updated and unchanged ones: all valid ones shown, the error names entry, value and suggestion; Register disabled', async () => {
    const bad = newType();
    bad.name = 'My Block!';
    bad.slug = 'My Block!';
    const { dialog, user } = await openPreview([jsonFile('mixed.json', [newType(), updatedS3Bucket(), catalogueType('gcs-bucket'), bad])]);
    expect(within(dialog).getByText('1 new, 1 updated, 1 unchanged block types; 1 new schema, 2 already registered')).toBeTruthy();
    const files = within(dialog).getByRole('region', { name: 'File' });
    expect(within(files).getByRole('listitem').textContent).toBe('mixed.jsona list of block types with their schemas (3 block types), and 1 error');
    expect(within(typeItem(dialog, 'S3 Bucket')).getByText('Update', { selector: '.outcome-badge' })).toBeTruthy();
    expect(within(typeItem(dialog, 'My Block')).getByText('New', { selector: '.outcome-badge' })).toBeTruthy();
    await user.click(within(dialog).getByText('Unchanged (1)'));
    expect(typeItem(dialog, 'GCS Bucket')).toBeTruthy();
    const alert = within(dialog).getByRole('alert');
    expect(within(alert).getByRole('heading', { name: '1 error' })).toBeTruthy();
    const error = within(alert).getByRole('listitem');
    expect(error.querySelector('.preview-error-text')?.textContent).toBe('mixed.json: [3].slug: Block type slug must only contain lowercase letters, numbers, and dashes.');
    expect(details(error)).toEqual([
      ['Entry', '[3] "My Block!"'],
      ['Value', '"My Block!"'],
      ['Valid', 'suggested slug: "my-block"'],
    ]);
    expect(within(dialog).getByRole('button', { name: 'Register' }).hasAttribute('disabled')).toBe(true);
    expect(within(dialog).getByText('Nothing will be written: this import has 1 error.')).toBeTruthy();
  });

  it('shows a new schema of an unchanged block type, and says when nothing would change', async () => {
    const gcs = catalogueType('gcs-bucket');
    const schema = gcs.block_schema as JsonObject;
    schema.version = '0.6.0';
    (schema.fields as JsonObject).description = 'A newer schema.';
    schema.checksum = blockSchemaChecksum(schema.fields as JsonObject);
    const { dialog } = await openPreview([jsonFile('gcs.json', gcs)]);
    const group = within(dialog).getByRole('region', { name: 'New schemas for unchanged block types (1)' });
    const schemas = within(group).getByRole('list', { name: 'Schemas of GCS Bucket' });
    expect(within(schemas).getByText('0.6.0')).toBeTruthy();
    expect(within(schemas).getByText('New')).toBeTruthy();
    expect(within(dialog).getByText('Nothing is written until you register. All of it is registered, or none.')).toBeTruthy();
  });

  it('opens a short list of unchanged types when that is all there is, and says nothing would change', async () => {
    const { dialog } = await openPreview([jsonFile('same.json', [catalogueType('gcs-bucket'), catalogueType('s3-bucket')])]);
    expect(within(dialog).getByText('0 new, 0 updated, 2 unchanged block types; 0 new schemas, 2 already registered')).toBeTruthy();
    expect(within(dialog).getByRole('listitem', { name: 'GCS Bucket' })).toBeTruthy();
    expect(within(dialog).getByText('Nothing would change: every block type and schema in these files is already registered.')).toBeTruthy();
    // Nothing to register: Cancel is the only way on.
    expect((within(dialog).getByRole('button', { name: 'Register' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(dialog).getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('can be registered when there are no errors', async () => {
    const { dialog } = await openPreview(sampleFiles());
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect((within(dialog).getByRole('button', { name: 'Register' }) as HTMLButtonElement).disabled).toBe(false);
    expect(within(dialog).queryByText(/Nothing will be written/)).toBeNull();
  });

  it('lists every error as file: path: message, disables Register and says nothing will be written', async () => {
    const { dialog, api, user } = await openPreview([...sampleFiles(), textFile('broken.json', '{"collections": '), jsonFile('empty-list.json', [])]);
    const alert = within(dialog).getByRole('alert');
    expect(within(alert).getByRole('heading', { name: '2 errors' })).toBeTruthy();
    const errors = within(alert)
      .getAllByRole('listitem')
      .map((item) => item.textContent ?? '');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^broken\.json: .*not JSON/);
    expect(errors[1]).toMatch(/^empty-list\.json: \$: JSON of another shape/);
    const register = within(dialog).getByRole('button', { name: 'Register' }) as HTMLButtonElement;
    expect(register.disabled).toBe(true);
    expect(within(dialog).getByText('Nothing will be written: this import has 2 errors.')).toBeTruthy();
    const files = within(dialog).getByRole('region', { name: 'Files (5)' });
    expect(within(files).getAllByRole('listitem')[3]?.textContent).toBe('broken.jsonnot read: see the errors');
    await user.click(register);
    expect(api.calls.some((call) => call.channel === 'applyImport')).toBe(false);
  });
});
