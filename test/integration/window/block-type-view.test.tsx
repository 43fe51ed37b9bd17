// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { catalogueType } from '../../helpers/catalogue-file';
import { createTestApi, definitionFile, schemaIdsOf } from './real-api';
import { renderApp } from './render-app';

function stubClipboard(writeText: (text: string) => Promise<void>) {
  const spy = vi.fn(writeText);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: spy }, configurable: true });
  return spy;
}

describe('block type page', () => {
  it('shows the type with its metadata and a breadcrumb back to the catalogue', async () => {
    renderApp('#/types/aws-credentials');
    expect(await screen.findByRole('heading', { level: 1, name: 'AWS Credentials' })).toBeTruthy();
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'Catalogue' }).getAttribute('href')).toBe('#/');
    expect(screen.getByText('aws-credentials')).toBeTruthy();
    expect(screen.getByText('prefect-aws')).toBeTruthy();
    expect(screen.queryByText('Protected')).toBeNull();
    expect(document.title).toBe('AWS Credentials — Block Registry');
  });

  it('lists schema versions newest first, each linking to its schema', async () => {
    const { api } = renderApp('#/types/aws-credentials');
    const [newer, older] = await schemaIdsOf(api, 'aws-credentials');
    const table = await screen.findByRole('table', { name: 'Schema versions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('rowheader')[0]?.textContent)).toEqual(['0.5.0', '0.4.14']);
    expect(
      within(rows[0] as HTMLElement)
        .getByRole('link', { name: '0.5.0' })
        .getAttribute('href'),
    ).toBe(`#/schemas/${newer}`);
    expect(
      within(rows[1] as HTMLElement)
        .getByRole('link', { name: '0.4.14' })
        .getAttribute('href'),
    ).toBe(`#/schemas/${older}`);
    const checksum = within(rows[1] as HTMLElement).getByTitle('sha256:17b73297ed60f080fb235b3a5a145a6d9b28a09b3ff2d9d17810b5e2c2075ebe');
    expect(checksum.textContent).toBe('sha256:17b73297ed60…');
  });

  it('offers to compare versions with two selects and a link to the diff', async () => {
    const { api, user } = renderApp('#/types/aws-credentials');
    const [newer = '', older = ''] = await schemaIdsOf(api, 'aws-credentials');
    const left = await screen.findByRole('combobox', { name: 'Left version' });
    const right = screen.getByRole('combobox', { name: 'Right version' });
    expect((left as HTMLSelectElement).value).toBe(older);
    expect((right as HTMLSelectElement).value).toBe(newer);
    const link = screen.getByRole('link', { name: 'Compare versions' });
    expect(link.getAttribute('href')).toBe(`#/types/aws-credentials/diff?left=${older}&right=${newer}`);
    await user.selectOptions(left, newer);
    expect(link.getAttribute('href')).toBe(`#/types/aws-credentials/diff?left=${newer}&right=${newer}`);
  });

  it('has no compare control when there is a single version', async () => {
    renderApp('#/types/s3-bucket');
    await screen.findByRole('table', { name: 'Schema versions' });
    expect(screen.queryByRole('combobox', { name: 'Left version' })).toBeNull();
  });

  it('renders the description as Markdown, with external links opened through openExternal only', async () => {
    const { api, user } = renderApp('#/types/aws-credentials');
    const docsLink = await screen.findByRole('button', { name: /boto3 docs/ });
    expect(screen.getByText('boto3', { selector: 'code' })).toBeTruthy();
    await user.click(docsLink);
    expect(api.opened).toEqual(['https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html']);
    await user.click(screen.getByRole('button', { name: /Open documentation/ }));
    expect(api.opened[1]).toBe('https://prefecthq.github.io/prefect-aws/credentials/#prefect_aws.credentials.AwsCredentials');
    // No link may navigate the window away from the app.
    for (const link of screen.getAllByRole('link')) expect(link.getAttribute('href')).toMatch(/^#\//);
  });

  it('never renders raw HTML or unsafe links from a description', async () => {
    const api = createTestApi();
    // Registered for real: main stores what a file says, and the window must make it harmless.
    const s3 = catalogueType('s3-bucket');
    s3.description = 'Hello <img src=x onerror="alert(1)"> <b>bold</b> [click](javascript:alert(1)) ![pic](file:///etc/passwd)';
    s3.documentation_url = 'javascript:alert(1)';
    await api.register([definitionFile('s3.json', s3)]);
    renderApp('#/types/s3-bucket', api);
    await screen.findByRole('heading', { level: 1, name: 'S3 Bucket' });
    const description = screen.getByRole('region', { name: 'Description' });
    expect(description.querySelector('img')).toBeNull();
    expect(description.querySelector('b')).toBeNull();
    // Raw HTML is escaped: shown as the text it is.
    expect(description.textContent).toContain('<b>bold</b>');
    expect(within(description).queryByRole('button')).toBeNull();
    expect(within(description).getByText('click')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Open documentation/ })).toBeNull();
  });

  it('never loads a Markdown image: an http(s) one is a link to it, opened in the browser', async () => {
    const api = createTestApi();
    const s3 = catalogueType('s3-bucket');
    s3.description = 'See ![the diagram](https://example.com/diagram.png) and ![](http://example.com/plain.png).';
    await api.register([definitionFile('s3.json', s3)]);
    const { user } = renderApp('#/types/s3-bucket', api);
    await screen.findByRole('heading', { level: 1, name: 'S3 Bucket' });
    const description = screen.getByRole('region', { name: 'Description' });
    expect(description.querySelector('img')).toBeNull();
    await user.click(within(description).getByRole('button', { name: /^Image: the diagram/ }));
    expect(within(description).getByRole('button', { name: /^Image: http:\/\/example\.com\/plain\.png/ })).toBeTruthy();
    await waitFor(() => expect(api.opened).toEqual(['https://example.com/diagram.png']));
  });

  it('shows an error when openExternal fails', async () => {
    const api = createTestApi();
    api.failNext('openExternal', { code: 'invalid_input', message: 'Only http and https links are opened.' });
    const { user } = renderApp('#/types/aws-credentials', api);
    await user.click(await screen.findByRole('button', { name: /Open documentation/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Only http and https links are opened.');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the code example in pre/code and copies it', async () => {
    const { user } = renderApp('#/types/aws-credentials');
    // After renderApp: user-event installs its own clipboard when it is set up.
    const writeText = stubClipboard(async () => undefined);
    const section = await screen.findByRole('region', { name: 'Code example' });
    const code = section.querySelector('pre > code');
    expect(code?.textContent).toBe('from prefect_aws import AwsCredentials\n\naws_credentials_block = AwsCredentials.load("BLOCK_NAME")');
    expect(within(section).getByText('Load stored AWS credentials:')).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Copy code example' }));
    expect(writeText).toHaveBeenCalledWith('from prefect_aws import AwsCredentials\n\naws_credentials_block = AwsCredentials.load("BLOCK_NAME")');
    expect(within(section).getByRole('status').textContent).toBe('Copied');
  });

  it('says so when copying fails', async () => {
    const { user } = renderApp('#/types/aws-credentials');
    stubClipboard(async () => {
      throw new Error('denied');
    });
    const section = await screen.findByRole('region', { name: 'Code example' });
    await user.click(within(section).getByRole('button', { name: 'Copy code example' }));
    expect(within(section).getByRole('alert').textContent).toContain('Could not copy');
    expect(within(section).getByRole('status').textContent).toBe('');
  });

  it('says an unknown slug is not found, with the way back and no error code or Try again', async () => {
    const { container } = renderApp('#/types/no-such-type');
    expect(await screen.findByRole('heading', { level: 1, name: 'Block type not found' })).toBeTruthy();
    expect(screen.getByText("No block type with slug 'no-such-type'.")).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the catalogue' }).getAttribute('href')).toBe('#/');
    expect(container.textContent).not.toContain('not_found');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
