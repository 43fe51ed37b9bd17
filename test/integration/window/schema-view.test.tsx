// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createTestApi, schemaIdsOf, UNKNOWN_SCHEMA_ID, unwrap } from './real-api';
import { renderApp } from './render-app';

function cellTexts(row: HTMLElement): string[] {
  return [...within(row).getAllByRole('rowheader'), ...within(row).getAllByRole('cell')].map((cell) => cell.textContent ?? '');
}

describe('block schema view', () => {
  it('heads with the type name and version, with the checksum and capabilities', async () => {
    const api = createTestApi();
    const [s3] = unwrap(await api.main.getBlockType({ slug: 's3-bucket' })).schemas;
    if (s3 === undefined) throw new Error('no S3 Bucket schema');
    renderApp(`#/schemas/${s3.id}`, api);
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent).toBe('S3 Bucket version 0.4.14');
    expect(screen.getByText(s3.checksum)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy checksum' })).toBeTruthy();
    const capabilities = screen.getAllByRole('list', { name: 'Capabilities' });
    expect(
      within(capabilities[0] as HTMLElement)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['get-directory', 'put-directory', 'read-path', 'write-path']);
  });

  it('lists the fields in a table: type, required, default, description, secret', async () => {
    const api = createTestApi();
    const [newer] = await schemaIdsOf(api, 'aws-credentials');
    renderApp(`#/schemas/${newer}`, api);
    const table = await screen.findByRole('table', { name: 'Fields' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
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
    const api = createTestApi();
    const [container] = await schemaIdsOf(api, 'azure-blob-storage-container');
    const [credentials] = await schemaIdsOf(api, 'azure-blob-storage-credentials');
    renderApp(`#/schemas/${container}`, api);
    const section = await screen.findByRole('region', { name: 'Nested blocks' });
    const item = within(section).getByRole('listitem');
    expect(item.textContent).toContain('credentials');
    expect(within(item).getByRole('link', { name: 'Azure Blob Storage Credentials' }).getAttribute('href')).toBe('#/types/azure-blob-storage-credentials');
    expect(within(item).getByRole('link', { name: 'schema of Azure Blob Storage Credentials' }).getAttribute('href')).toBe(`#/schemas/${credentials}`);
  });

  it('lists every block a union property nests, each once', async () => {
    const api = createTestApi();
    const [s3] = await schemaIdsOf(api, 's3-bucket');
    const [minio] = await schemaIdsOf(api, 'minio-credentials');
    // The catalogue's S3 Bucket nests AWS Credentials 0.4.14, the older of its two schemas here.
    const [, aws] = await schemaIdsOf(api, 'aws-credentials');
    // React reports duplicate keys on console.error: one key per property would lose an item's identity.
    const errors = vi.spyOn(console, 'error');
    try {
      renderApp(`#/schemas/${s3}`, api);
      const section = await screen.findByRole('region', { name: 'Nested blocks' });
      const links = within(section).getAllByRole('link', { name: /^schema of / });
      expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
        ['schema of MinIO Credentials', `#/schemas/${minio}`],
        ['schema of AWS Credentials', `#/schemas/${aws}`],
      ]);
      expect(
        within(section)
          .getAllByRole('listitem')
          .map((item) => item.querySelector('code')?.textContent),
      ).toEqual(['credentials', 'credentials']);
      expect(errors.mock.calls.filter((call) => String(call[0]).includes('same key'))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it('says "not registered" for a nested schema that is not stored', async () => {
    const api = createTestApi();
    const [container] = await schemaIdsOf(api, 'azure-blob-storage-container');
    // Main refuses to register a reference it cannot resolve, so the answer is stubbed: main's
    // own, with the nested schema gone.
    const getBlockSchema = api.getBlockSchema;
    api.getBlockSchema = async (args) => {
      const response = await getBlockSchema(args);
      const reference = response.ok ? response.value.references[0] : undefined;
      if (reference === undefined) throw new Error('expected a nested reference');
      reference.block_schema_id = null;
      return response;
    };
    renderApp(`#/schemas/${container}`, api);
    const section = await screen.findByRole('region', { name: 'Nested blocks' });
    expect(within(section).getByText('schema not registered')).toBeTruthy();
    expect(within(section).queryByRole('link', { name: /schema of/ })).toBeNull();
  });

  it('lists definitions, each expandable to a table of its properties, not raw JSON', async () => {
    const api = createTestApi();
    const [, older] = await schemaIdsOf(api, 'aws-credentials');
    const { user } = renderApp(`#/schemas/${older}`, api);
    const section = await screen.findByRole('region', { name: 'Definitions' });
    const summary = within(section).getByText('AwsClientParameters', { selector: 'summary code' });
    const details = summary.closest('details');
    expect(details?.open).toBe(false);
    await user.click(summary);
    expect(details?.open).toBe(true);
    expect(details?.querySelector('pre')).toBeNull();
    const table = within(details as HTMLElement).getByRole('table', { name: 'AwsClientParameters' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').querySelector('code')?.textContent)).toEqual(['api_version', 'use_ssl', 'verify', 'verify_cert_path', 'endpoint_url', 'config']);
    // The definition's docstring renders as Markdown: its boto3 link opens in the browser.
    expect(
      within(details as HTMLElement)
        .getByRole('button', { name: /boto3 docs/ })
        .getAttribute('title'),
    ).toContain('https://boto3.amazonaws.com/');
  });

  it('shows the raw fields JSON verbatim with a copy button', async () => {
    const api = createTestApi();
    const [, older = ''] = await schemaIdsOf(api, 'aws-credentials');
    renderApp(`#/schemas/${older}`, api);
    const section = await screen.findByRole('region', { name: 'Raw JSON' });
    const expected = unwrap(await api.main.getBlockSchema({ id: older })).fields_json;
    expect(section.querySelector('pre')?.textContent).toBe(expected);
    expect(within(section).getByRole('button', { name: 'Copy JSON' })).toBeTruthy();
  });

  it('links to a comparison with the other versions of the type, older on the left', async () => {
    const api = createTestApi();
    const [newer, older] = await schemaIdsOf(api, 'aws-credentials');
    renderApp(`#/schemas/${newer}`, api);
    const link = await screen.findByRole('link', { name: 'Compare with version 0.4.14' });
    expect(link.getAttribute('href')).toBe(`#/types/aws-credentials/diff?left=${older}&right=${newer}`);
  });

  it('says an unknown schema is not found, with the way back and no error code or Try again', async () => {
    const { container } = renderApp(`#/schemas/${UNKNOWN_SCHEMA_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Block schema not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the catalogue' }).getAttribute('href')).toBe('#/');
    expect(container.textContent).not.toContain('not_found');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
