// @vitest-environment happy-dom
// The form preview and the fields table's links and secrets, in the whole window, on main's real
// handlers: the built-in S3 Bucket and a registered schema with every widget kind.
import { readFileSync } from 'node:fs';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/shared/json';
import { createTestApi, definitionFile, schemaIdsOf, unwrap, type TestApi } from './real-api';
import { catalogueType, dropFiles, jsonFile } from './import-files';
import { renderApp } from './render-app';

const EVERY_WIDGET = parseJson(readFileSync('test/fixtures/every-widget.json', 'utf8'));

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => candidate.querySelector('th code')?.textContent === name);
  if (row === undefined) throw new Error(`no row ${name}`);
  return row;
}

async function everyWidgetSchema(api: TestApi): Promise<string> {
  await api.register([definitionFile('every-widget.json', EVERY_WIDGET)]);
  const [id] = await schemaIdsOf(api, 'every-widget');
  if (id === undefined) throw new Error('every-widget was not registered');
  return id;
}

describe('fields table', () => {
  it("says S3 Bucket's credentials contain secrets and links the nested blocks' type names", async () => {
    const api = createTestApi();
    const [s3] = await schemaIdsOf(api, 's3-bucket');
    renderApp(`#/schemas/${s3}`, api);
    const table = await screen.findByRole('table', { name: 'Fields' });
    const credentials = rowOf(table, 'credentials');
    const cells = within(credentials).getAllByRole('cell');
    expect(cells[cells.length - 1]?.textContent).toBe('Contains secrets');
    expect(rowOf(table, 'bucket_name').querySelector('td:last-child')?.textContent).toBe('No');
    expect(cells[0]?.textContent).toBe('MinIOCredentials | AwsCredentials');
    expect(
      within(cells[0] as HTMLElement)
        .getByRole('link', { name: 'MinIOCredentials' })
        .getAttribute('href'),
    ).toBe('#/types/minio-credentials');
    expect(
      within(cells[0] as HTMLElement)
        .getByRole('link', { name: 'AwsCredentials' })
        .getAttribute('href'),
    ).toBe('#/types/aws-credentials');
    // The schema's own description.
    expect(screen.getByRole('region', { name: 'Description' }).textContent).toContain('Block used to store data using AWS S3 or S3-compatible object storage like MinIO.');
  });

  it("links a definition's type name to its table, opening it", async () => {
    const api = createTestApi();
    const [, older] = await schemaIdsOf(api, 'aws-credentials');
    const { user } = renderApp(`#/schemas/${older}`, api);
    const table = await screen.findByRole('table', { name: 'Fields' });
    const details = screen.getByText('AwsClientParameters', { selector: 'summary code' }).closest('details');
    expect(details?.open).toBe(false);
    await user.click(within(rowOf(table, 'aws_client_parameters')).getByRole('button', { name: 'AwsClientParameters' }));
    expect(details?.open).toBe(true);
    expect(document.activeElement?.tagName).toBe('SUMMARY');
    expect(within(details as HTMLElement).getByRole('table', { name: 'AwsClientParameters' })).toBeTruthy();
  });

  it('renders Markdown in descriptions, never raw HTML', async () => {
    const api = createTestApi();
    const id = await everyWidgetSchema(api);
    renderApp(`#/schemas/${id}`, api);
    const table = await screen.findByRole('table', { name: 'Fields' });
    const description = rowOf(table, 'name').querySelector('.description-cell') as HTMLElement;
    expect(description.querySelector('em')?.textContent).toBe('Markdown');
    expect(description.querySelector('b')).toBeNull();
    expect(description.textContent).toContain('<b>raw HTML</b>');
    expect(within(description).getByText('Prefect')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Description' }).querySelector('strong')?.textContent).toBe('every');
    // A SecretDict (`headers.*`) is secret; the nested block with a secret inside contains secrets.
    expect(rowOf(table, 'headers').querySelector('td:last-child')?.textContent).toBe('Yes');
    expect(rowOf(table, 'credentials').querySelector('td:last-child')?.textContent).toBe('Contains secrets');
  });
});

describe('form preview', () => {
  it("shows S3 Bucket's form on the schema view: labels, defaults, a type selector of two block pickers", async () => {
    const api = createTestApi();
    const [s3] = await schemaIdsOf(api, 's3-bucket');
    const { user } = renderApp(`#/schemas/${s3}`, api);
    const form = await screen.findByRole('form', { name: 'Form of S3 Bucket version 0.4.14' });
    const labels = [...form.querySelectorAll('.schema-form-label')].map((label) => label.textContent);
    expect(labels).toEqual(['Bucket Name', 'Credentials (Optional)', 'Bucket Folder (Optional)']);
    const bucketName = within(form).getByLabelText('Bucket Name') as HTMLTextAreaElement;
    expect(bucketName.readOnly).toBe(true);
    expect(within(form).getByText('Name of your bucket.')).toBeTruthy();
    const tabs = within(form).getByRole('tablist', { name: 'Type of Credentials' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((tab) => [tab.textContent, tab.getAttribute('aria-selected')]),
    ).toEqual([
      ['MinIOCredentials', 'true'],
      ['AwsCredentials', 'false'],
    ]);
    const picker = within(form).getByRole('combobox', { name: 'Credentials: MinIOCredentials' }) as HTMLSelectElement;
    expect(picker.disabled).toBe(true);
    expect(picker.textContent).toBe('Select a minio-credentials block document');
    await user.click(within(tabs).getByRole('tab', { name: 'AwsCredentials' }));
    expect((within(form).getByRole('combobox', { name: 'Credentials: AwsCredentials' }) as HTMLSelectElement).textContent).toBe('Select a aws-credentials block document');
  });

  it("shows the newest schema's form on the type page", async () => {
    const api = createTestApi();
    const [newest] = unwrap(await api.main.getBlockType({ slug: 'aws-credentials' })).schemas;
    if (newest === undefined) throw new Error('no AWS Credentials schema');
    renderApp('#/types/aws-credentials', api);
    const section = await screen.findByRole('region', { name: 'Form' });
    expect(
      within(section)
        .getByRole('link', { name: `version ${newest.version}` })
        .getAttribute('href'),
    ).toBe(`#/schemas/${newest.id}`);
    const form = await within(section).findByRole('form', { name: 'Form of AWS Credentials' });
    const secret = within(form).getByLabelText('AWS Access Key Secret (Optional)') as HTMLInputElement;
    expect(secret.type).toBe('password');
  });

  it('shows every widget kind of a registered schema, in position order', async () => {
    const api = createTestApi();
    const id = await everyWidgetSchema(api);
    renderApp(`#/schemas/${id}`, api);
    const form = await screen.findByRole('form', { name: 'Form of Every Widget version 1.0.0' });
    const labels = [...form.querySelectorAll(':scope > .schema-form-fields > .schema-form-field > .schema-form-label-row .schema-form-label')].map((label) => label.textContent);
    expect(labels.slice(0, 6)).toEqual(['Name', 'API Key', 'Region (Optional)', 'Retries (Optional)', 'Ratio (Optional)', 'Verbose (Optional)']);
    expect((within(form).getByLabelText('API Key') as HTMLInputElement).type).toBe('password');
    expect((within(form).getByLabelText('Region (Optional)') as HTMLSelectElement).value).toBe('eu-west-1');
    expect((within(form).getByLabelText('Retries (Optional)') as HTMLInputElement).value).toBe('3');
    expect((within(form).getByRole('switch', { name: 'Verbose (Optional)' }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Tags item 2') as HTMLTextAreaElement).value).toBe('beta');
    expect([...(within(form).getByLabelText('Colors (Optional)') as HTMLSelectElement).selectedOptions].map((option) => option.value)).toEqual(['red']);
    expect((within(form).getByLabelText('Extra (Optional)') as HTMLTextAreaElement).value).toBe('{\n  "key": "value"\n}');
    expect(within(form).getByRole('tablist', { name: 'Type of Timeout' })).toBeTruthy();
    expect(within(form).getByRole('combobox', { name: 'Credentials (Optional)' }).textContent).toBe('Select a aws-credentials block document');
    const settings = within(form).getByRole('group', { name: 'Settings' });
    expect((within(settings).getByLabelText('Mode') as HTMLTextAreaElement).value).toBe('fast');
    expect((within(form).getByLabelText('Start Date (Optional)') as HTMLInputElement).type).toBe('date');
    expect((within(form).getByLabelText('Started At (Optional)') as HTMLInputElement).type).toBe('datetime-local');
    expect(within(form.querySelector('[data-field="nothing"]') as HTMLElement).getByText('Property is type "None"')).toBeTruthy();
    // Timeout's default is null: its type selector starts on None.
    expect(within(within(form).getByRole('tablist', { name: 'Type of Timeout' })).getByRole('tab', { selected: true }).textContent).toBe('None');
    // Required fields are marked; secrets too.
    expect(form.querySelectorAll('.schema-form-required')).toHaveLength(3);
    expect(within(form.querySelector('[data-field="headers"]') as HTMLElement).getByText('Secret')).toBeTruthy();
  });

  it('shows the form of a new schema in the import preview, built only when opened; none for a registered one', async () => {
    const api = createTestApi();
    const { user } = renderApp('#/', api);
    await screen.findAllByRole('article');
    dropFiles([jsonFile('every-widget.json', EVERY_WIDGET), jsonFile('s3.json', catalogueType('s3-bucket'))]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    const newType = within(dialog).getByRole('listitem', { name: 'Every Widget' });
    const summary = within(newType).getByText('Form preview');
    expect(within(newType).queryByRole('form')).toBeNull();
    await user.click(summary);
    const form = within(newType).getByRole('form', { name: 'Form of Every Widget version 1.0.0' });
    expect((within(form).getByLabelText('API Key') as HTMLInputElement).type).toBe('password');
    expect(within(form).getByRole('combobox', { name: 'Credentials (Optional)' }).textContent).toBe('Select a aws-credentials block document');
    // S3 Bucket's schema is already registered: nothing new to preview as a form.
    await user.click(within(dialog).getByText(/^Unchanged/));
    expect(within(within(dialog).getByRole('listitem', { name: 'S3 Bucket' })).queryByText('Form preview')).toBeNull();
  });
});
