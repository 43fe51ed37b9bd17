// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatRoute, href, parseRoute, type Route } from '../../../src/renderer/model/routes';

describe('hash routes', () => {
  it('parses every page', () => {
    expect(parseRoute('')).toEqual({ name: 'catalogue' });
    expect(parseRoute('#')).toEqual({ name: 'catalogue' });
    expect(parseRoute('#/')).toEqual({ name: 'catalogue' });
    expect(parseRoute('#/types/aws-credentials')).toEqual({ name: 'blockType', slug: 'aws-credentials', tab: 'overview' });
    // Each tab of a type's page has its own address.
    expect(parseRoute('#/types/aws-credentials/fields')).toEqual({ name: 'blockType', slug: 'aws-credentials', tab: 'fields' });
    expect(parseRoute('#/types/aws-credentials/form')).toEqual({ name: 'blockType', slug: 'aws-credentials', tab: 'form' });
    expect(parseRoute('#/types/aws-credentials/versions/')).toEqual({ name: 'blockType', slug: 'aws-credentials', tab: 'versions' });
    expect(parseRoute('#/schemas/0b1c')).toEqual({ name: 'schema', id: '0b1c' });
    expect(parseRoute('#/types/aws-credentials/diff?left=a&right=b')).toEqual({ name: 'diff', slug: 'aws-credentials', left: 'a', right: 'b' });
    expect(parseRoute('#/types/aws-credentials/diff')).toEqual({ name: 'diff', slug: 'aws-credentials', left: null, right: null });
    expect(parseRoute('#/report')).toEqual({ name: 'report' });
    expect(parseRoute('#/report/')).toEqual({ name: 'report' });
    expect(parseRoute('#/settings/python')).toEqual({ name: 'pythonSettings' });
    expect(parseRoute('#/servers')).toEqual({ name: 'servers' });
  });

  it('sends anything else to not-found', () => {
    for (const hash of [
      '#/nope',
      '#/types',
      '#/types/a/b',
      '#/schemas/',
      '#/report/x',
      '#/servers/x',
      '#/types/%E0%A4%A/',
      '#/types/a/diff/x',
      '#/types/a/overview',
      '#/types/a/Fields',
      '#/types/a/fields/x',
    ]) {
      expect(parseRoute(hash).name, hash).toBe('notFound');
    }
    expect(parseRoute('#/nope')).toEqual({ name: 'notFound', hash: '#/nope' });
  });

  it('round-trips through formatRoute, escaping what needs it', () => {
    const routes: Route[] = [
      { name: 'catalogue' },
      { name: 'blockType', slug: 'aws-credentials', tab: 'overview' },
      { name: 'blockType', slug: 'odd slug/with?chars#', tab: 'overview' },
      { name: 'blockType', slug: 'odd slug/with?chars#', tab: 'fields' },
      { name: 'blockType', slug: 'versions', tab: 'versions' },
      { name: 'blockType', slug: 's3-bucket', tab: 'form' },
      { name: 'schema', id: '3f0e-uuid' },
      { name: 'diff', slug: 's3-bucket', left: 'id 1', right: 'id&2' },
      { name: 'report' },
      { name: 'servers' },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(href.blockType('odd slug/with?chars#')).toBe('#/types/odd%20slug%2Fwith%3Fchars%23');
    expect(href.blockType('s3-bucket', 'fields')).toBe('#/types/s3-bucket/fields');
    expect(href.diff('s3-bucket', 'a', 'b')).toBe('#/types/s3-bucket/diff?left=a&right=b');
    expect(href.catalogue()).toBe('#/');
    expect(href.report()).toBe('#/report');
    expect(href.servers()).toBe('#/servers');
    expect(href.schema('x')).toBe('#/schemas/x');
  });

  it("routes a server's block documents: the list (type and anonymous in the query), a new one, one, its edit", () => {
    expect(parseRoute('#/servers/prefect-profile/documents')).toEqual({ name: 'documents', connection: 'prefect-profile', type: null, anonymous: false });
    expect(parseRoute('#/servers/c1/documents?type=s3-bucket&anonymous=1')).toEqual({ name: 'documents', connection: 'c1', type: 's3-bucket', anonymous: true });
    expect(parseRoute('#/servers/c1/documents/new?type=s3-bucket')).toEqual({ name: 'documentNew', connection: 'c1', type: 's3-bucket' });
    expect(parseRoute('#/servers/c1/documents/d-1')).toEqual({ name: 'document', connection: 'c1', id: 'd-1' });
    expect(parseRoute('#/servers/c1/documents/d-1/edit')).toEqual({ name: 'documentEdit', connection: 'c1', id: 'd-1' });
    // A new document needs its type; a document has nothing under it but its edit page.
    for (const hash of ['#/servers/c1/documents/new', '#/servers/c1/documents/d-1/delete', '#/servers/c1/documents/d-1/edit/x', '#/servers//documents']) {
      expect(parseRoute(hash).name, hash).toBe('notFound');
    }
    const routes: Route[] = [
      { name: 'documents', connection: 'odd id/?#', type: 'a b', anonymous: true },
      { name: 'documents', connection: 'c1', type: null, anonymous: false },
      { name: 'documentNew', connection: 'c1', type: 'slug&x' },
      { name: 'document', connection: 'c1', id: 'id/1' },
      { name: 'documentEdit', connection: 'c1', id: 'id 2' },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(href.documents('c1', 's3-bucket')).toBe('#/servers/c1/documents?type=s3-bucket');
    expect(href.editDocument('c1', 'd')).toBe('#/servers/c1/documents/d/edit');
  });
});
