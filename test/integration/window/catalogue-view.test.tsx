// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { formatMs } from '../../../src/renderer/model/format';
import { PNG_BYTES, startLogoServer } from '../../helpers/logos';
import { catalogueType } from '../../helpers/catalogue-file';
import { createTestApi, definitionFile, reportOf } from './real-api';
import { renderApp } from './render-app';

async function cards(): Promise<HTMLElement[]> {
  await screen.findByText(/^Showing /);
  return screen.queryAllByRole('article');
}

describe('catalogue view', () => {
  it('shows loading, then a card per block type with its details', async () => {
    renderApp();
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'Loading block types…');
    // 54: the launch registers 3 system, 11 built-in and 40 catalogue block types.
    expect(await cards()).toHaveLength(54);
    expect(screen.getByText('Showing 54 of 54 block types')).toBeTruthy();
    const card = screen.getByRole('article', { name: 'AWS Credentials' });
    const link = within(card).getByRole('link', { name: 'AWS Credentials' });
    expect(link.getAttribute('href')).toBe('#/types/aws-credentials');
    expect(within(card).getByText('aws-credentials').tagName).toBe('CODE');
    expect(within(card).getByText(/^Block used to manage authentication with AWS\. AWS authentication is handled via the boto3 module\./)).toBeTruthy();
    expect(within(card).getByText('prefect-aws')).toBeTruthy();
    const s3 = screen.getByRole('article', { name: 'S3 Bucket' });
    expect(
      within(within(s3).getByRole('list', { name: 'Capabilities' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['get-directory', 'put-directory', 'read-path', 'write-path']);
  });

  it('links the status line to the report', async () => {
    const { api } = renderApp();
    const { duration_ms } = await reportOf(api);
    // Every test's registry has a second AWS Credentials schema: 55 schemas.
    const status = await screen.findByRole('link', { name: `54 block types, 55 schemas, registered in ${formatMs(duration_ms)}` });
    expect(status.getAttribute('href')).toBe('#/report');
  });

  it('says "not registered yet" before any registration', async () => {
    renderApp('#/', createTestApi({ unregistered: true }));
    expect(await screen.findByRole('link', { name: '54 block types, 55 schemas, not registered yet' })).toBeTruthy();
  });

  it('shows each logo as main fetched it (a data: URL), and the initials while it comes, when it cannot be had, and when it fails to load', async () => {
    const server = await startLogoServer({ '/aws.png': { headers: { 'content-type': 'image/png' }, body: PNG_BYTES } });
    onTestFinished(() => server.close());
    const api = createTestApi({ logoCertificates: [server.certificate] });
    // AWS Credentials' logo on this test's https server; MinIO Credentials without a logo (main
    // updates the stored logo_url to null); Snowflake's over http, which main never fetches.
    const aws = catalogueType('aws-credentials');
    aws.logo_url = `${server.origin}/aws.png`;
    const minio = catalogueType('minio-credentials');
    minio.logo_url = null;
    const snowflake = catalogueType('snowflake-credentials');
    snowflake.logo_url = 'http://example.com/snowflake.png';
    await api.register([definitionFile('logos.json', [aws, minio, snowflake])]);
    renderApp('#/', api);
    await cards();
    const awsCard = screen.getByRole('article', { name: 'AWS Credentials' });
    // Initials while main fetches it, the image once loaded.
    expect(within(awsCard).getByText('AC')).toBeTruthy();
    const img = await waitFor(() => {
      const found = awsCard.querySelector('img');
      if (found === null) throw new Error('no logo yet');
      return found;
    });
    expect(img.getAttribute('src')).toBe(`data:image/png;base64,${PNG_BYTES.toString('base64')}`);
    expect(img.getAttribute('alt')).toBe('');
    fireEvent.load(img);
    expect(within(awsCard).queryByText('AC')).toBeNull();
    expect(server.requests).toEqual(['/aws.png']);
    expect(within(screen.getByRole('article', { name: 'MinIO Credentials' })).getByText('MC')).toBeTruthy();
    // Prefect 3.9.1's own logo address for S3 (resources/prefect/): main cannot reach it here (offline).
    const s3 = screen.getByRole('article', { name: 'S3 Bucket' });
    const s3Url = catalogueType('s3-bucket').logo_url;
    expect(s3Url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/PrefectHQ\/prefect\/[0-9a-f]{40}\/assets\/block-logos\/aws\.png$/);
    await waitFor(() => expect(api.answers.some(({ channel, response }) => channel === 'getLogo' && response.ok && (response.value as { data_url: string | null }).data_url === null)).toBe(true));
    expect(s3.querySelector('img')).toBeNull();
    expect(within(s3).getByText('SB')).toBeTruthy();
    // An http logo is not even asked for.
    expect(api.calls.filter(({ channel }) => channel === 'getLogo').map(({ args }) => (args as { url: string }).url)).not.toContain(snowflake.logo_url);
    expect(within(screen.getByRole('article', { name: 'Snowflake Credentials' })).getByText('SC')).toBeTruthy();
    // An image main handed over that cannot be shown (damaged): the initials again.
    fireEvent.error(img);
    expect(within(awsCard).getByText('AC')).toBeTruthy();
    expect(awsCard.querySelector('img')).toBeNull();
  });

  it('shows the Protected badge only on protected types', async () => {
    renderApp();
    await cards();
    // The launch registers Prefect's three system blocks as protected, and nothing else.
    const protectedTypes = ['Local File System', 'Secret', 'Webhook'];
    for (const name of protectedTypes) expect(within(screen.getByRole('article', { name })).getByText('Protected')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'AWS Secret' })).queryByText('Protected')).toBeNull();
    expect(screen.getAllByText('Protected')).toHaveLength(protectedTypes.length);
  });

  it('narrows by search, shows the empty state, and "Clear filters" resets', async () => {
    const { user } = renderApp();
    await cards();
    const search = screen.getByRole('searchbox', { name: 'Search block types' });
    await user.type(search, 'snowflake');
    expect(screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Snowflake Connector', 'Snowflake Credentials', 'dbt CLI Snowflake Target Configs']);
    expect(screen.getByText('Showing 3 of 54 block types')).toBeTruthy();
    await user.type(search, 'zzz');
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByRole('heading', { name: 'No block types match' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getAllByRole('article')).toHaveLength(54);
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('filters by capabilities (all of them) with toggle chips', async () => {
    const { user } = renderApp();
    await cards();
    const group = screen.getByRole('group', { name: 'Capabilities' });
    const getDirectory = within(group).getByRole('button', { name: 'get-directory' });
    expect(getDirectory.getAttribute('aria-pressed')).toBe('false');
    await user.click(getDirectory);
    expect(getDirectory.getAttribute('aria-pressed')).toBe('true');
    // The built-in file systems (local, remote, SMB) have every capability too.
    expect(screen.getAllByRole('article')).toHaveLength(9);
    await user.click(within(group).getByRole('button', { name: 'write-path' }));
    const writable = ['Azure Blob Storage Container', 'GCS Bucket', 'Local File System', 'Remote File System', 'S3 Bucket', 'SMB'];
    expect(
      screen
        .getAllByRole('article')
        .map((card) => card.getAttribute('aria-label'))
        .sort(),
    ).toEqual(writable);
    await user.click(getDirectory);
    expect(screen.getAllByRole('article')).toHaveLength(writable.length);
  });

  it('filters by collection', async () => {
    const { user } = renderApp();
    await cards();
    const select = screen.getByRole('combobox', { name: 'Collection' });
    expect(within(select).getByRole('option', { name: 'All collections' })).toBeTruthy();
    await user.selectOptions(select, 'prefect-aws');
    expect(screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['AWS Credentials', 'AWS Secret', 'Lambda Function', 'MinIO Credentials', 'S3 Bucket']);
    expect(screen.getByText('Showing 5 of 54 block types')).toBeTruthy();
    await user.selectOptions(select, '');
    expect(screen.getAllByRole('article')).toHaveLength(54);
  });

  it('focuses the search with / and Ctrl+K, but not while typing in another field', async () => {
    const { user } = renderApp();
    await cards();
    const search = screen.getByRole('searchbox', { name: 'Search block types' });
    await user.keyboard('/');
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('');
    search.blur();
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement).toBe(search);
    const select = screen.getByRole('combobox', { name: 'Collection' });
    select.focus();
    await user.keyboard('/');
    expect(document.activeElement).toBe(select);
  });

  it('shows an API error as an alert with code, message and issues, and can retry', async () => {
    const api = createTestApi();
    api.failNext('listBlockTypes', { code: 'database_file', message: 'This file is not a Block Registry database.', issues: [{ file: 'db.sqlite', path: 'header', message: 'unknown format' }] });
    const { user } = renderApp('#/', api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This file is not a Block Registry database.');
    expect(alert.textContent).toContain('database_file');
    expect(within(alert).getByRole('listitem').textContent).toBe('db.sqlite: header: unknown format');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await cards()).toHaveLength(54);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
