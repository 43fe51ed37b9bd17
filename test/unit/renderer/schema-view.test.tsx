// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api';
import { renderApp } from './render-app';

function cellTexts(row: HTMLElement): string[] {
  return [...within(row).getAllByRole('rowheader'), ...within(row).getAllByRole('cell')].map((cell) => cell.textContent ?? '');
}

describe('block schema view', () => {
  it('heads with the type name and version, with the checksum and capabilities', async () => {
    renderApp('#/schemas/bs-s3-bucket');
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent).toBe('S3 Bucket version 0.4.14');
    const api = createFakeApi();
    const checksum = api.data.schemas.get('s3-bucket')?.[0]?.summary.checksum ?? '';
    expect(screen.getByText(checksum)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy checksum' })).toBeTruthy();
    const capabilities = screen.getAllByRole('list', { name: 'Capabilities' });
    expect(within(capabilities[0] as HTMLElement).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['get-directory', 'put-directory', 'read-path', 'write-path']);
  });

  it('lists the fields in a table: type, required, default, description, secret', async () => {
    renderApp('#/schemas/bs-aws-credentials-2');
    const table = await screen.findByRole('table', { name: 'Fields' });
    const headers = within(table).getAllByRole('columnheader').map((header) => header.textContent);
    expect(headers).toEqual(['Property', 'Type', 'Required', 'Default', 'Description', 'Secret']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    const byName = (name: string): HTMLElement => {
      const row = rows.find((candidate) => within(candidate).getByRole('rowheader').textContent?.startsWith(name));
      if (row === undefined) throw new Error(name);
      return row;
    };
    expect(cellTexts(byName('aws_secret_access_key'))).toEqual(['aws_secret_access_keyAWS Access Key Secret', 'string', 'No', '—', 'A specific AWS secret access key.', 'Yes']);
    expect(cellTexts(byName('aws_client_parameters'))).toEqual(['aws_client_parametersAWS Client Parameters', 'AwsClientParameters', 'No', '—', 'Extra parameters to initialize the Client.', 'No']);
    // The float default stays exactly as registered.
    expect(cellTexts(byName('retries'))).toEqual(['retriesRetries', 'number', 'No', '1.0', 'How often to retry.', 'No']);
  });

  it('links nested blocks to their type and schema', async () => {
    renderApp('#/schemas/bs-azure-blob-storage-container');
    const section = await screen.findByRole('region', { name: 'Nested blocks' });
    const item = within(section).getByRole('listitem');
    expect(item.textContent).toContain('credentials');
    expect(within(item).getByRole('link', { name: 'Azure Blob Storage Credentials' }).getAttribute('href')).toBe('#/types/azure-blob-storage-credentials');
    expect(within(item).getByRole('link', { name: 'schema of Azure Blob Storage Credentials' }).getAttribute('href')).toBe('#/schemas/bs-azure-blob-storage-credentials');
  });

  it('says "not registered" for a nested schema that is not stored', async () => {
    const api = createFakeApi();
    const detail = api.data.schemas.get('azure-blob-storage-container')?.[0]?.detail;
    const reference = detail?.references[0];
    if (reference === undefined) throw new Error('reference');
    reference.block_schema_id = null;
    renderApp('#/schemas/bs-azure-blob-storage-container', api);
    const section = await screen.findByRole('region', { name: 'Nested blocks' });
    expect(within(section).getByText('schema not registered')).toBeTruthy();
    expect(within(section).queryByRole('link', { name: /schema of/ })).toBeNull();
  });

  it('lists definitions, each expandable with its JSON', async () => {
    const { user } = renderApp('#/schemas/bs-aws-credentials');
    const section = await screen.findByRole('region', { name: 'Definitions' });
    const summary = within(section).getByText('AwsClientParameters');
    const details = summary.closest('details');
    expect(details?.open).toBe(false);
    await user.click(summary);
    expect(details?.open).toBe(true);
    expect(details?.querySelector('pre')?.textContent).toContain('"title": "AwsClientParameters"');
  });

  it('shows the raw fields JSON verbatim with a copy button', async () => {
    const api = createFakeApi();
    renderApp('#/schemas/bs-aws-credentials', api);
    const section = await screen.findByRole('region', { name: 'Raw JSON' });
    const expected = api.data.schemas.get('aws-credentials')?.[1]?.detail.fields_json;
    expect(section.querySelector('pre')?.textContent).toBe(expected);
    expect(within(section).getByRole('button', { name: 'Copy JSON' })).toBeTruthy();
  });

  it('links to a comparison with the other versions of the type, older on the left', async () => {
    renderApp('#/schemas/bs-aws-credentials-2');
    const link = await screen.findByRole('link', { name: 'Compare with version 0.4.14' });
    expect(link.getAttribute('href')).toBe('#/types/aws-credentials/diff?left=bs-aws-credentials&right=bs-aws-credentials-2');
  });

  it('shows the error of an unknown schema', async () => {
    renderApp('#/schemas/nope');
    expect((await screen.findByRole('alert')).textContent).toContain('Block schema not found');
  });
});
