// The window's locations as hash routes: pure parsing and formatting, no DOM.
//   #/                                        catalogue
//   #/types/<slug>                            block type page (its Overview tab)
//   #/types/<slug>/fields|form|versions       the page's other tabs
//   #/schemas/<id>                            block schema view
//   #/types/<slug>/diff?left=<id>&right=<id>  side-by-side diff of two schemas of a type
//   #/report                                  registration report
//   #/settings/python                         Python settings (for .py block files)
//   #/servers                                 Prefect servers: connections, comparison, push and pull
//   #/servers/<connection>/documents?type=<slug>&anonymous=1   a server's block documents
//   #/servers/<connection>/documents/new?type=<slug>           a new document of a type
//   #/servers/<connection>/documents/<id>                      one document
//   #/servers/<connection>/documents/<id>/edit                 editing it

/** The tabs of a block type's page; the first is the page's own address. */
export const TYPE_TABS = ['overview', 'fields', 'form', 'versions'] as const;
export type TypeTab = (typeof TYPE_TABS)[number];

export type Route =
  | { name: 'catalogue' }
  | { name: 'blockType'; slug: string; tab: TypeTab }
  | { name: 'schema'; id: string }
  | { name: 'diff'; slug: string; left: string | null; right: string | null }
  | { name: 'report' }
  | { name: 'pythonSettings' }
  | { name: 'servers' }
  | { name: 'documents'; connection: string; type: string | null; anonymous: boolean }
  | { name: 'documentNew'; connection: string; type: string }
  | { name: 'document'; connection: string; id: string }
  | { name: 'documentEdit'; connection: string; id: string }
  | { name: 'notFound'; hash: string };

function decode(segment: string): string | null {
  try {
    const text = decodeURIComponent(segment);
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** Parses `location.hash` (with or without the leading `#`). A query is read by the diff and documents routes only. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));
  const segments = path.split('/').filter((segment, index) => !(index === 0 && segment === ''));
  // A trailing slash ("#/report/") names the same page.
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  const notFound: Route = { name: 'notFound', hash: hash.startsWith('#') || hash === '' ? hash : `#${hash}` };

  if (segments[0] === 'servers' && segments[2] === 'documents') return documentsRoute(segments, query) ?? notFound;
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return { name: 'catalogue' };
  if (rest.length > 0) return notFound;
  if (first === 'report' && second === undefined) return { name: 'report' };
  if (first === 'settings' && second === 'python' && third === undefined) return { name: 'pythonSettings' };
  if (first === 'servers' && second === undefined) return { name: 'servers' };
  if (first === 'types' && second !== undefined) {
    const slug = decode(second);
    if (slug === null) return notFound;
    if (third === undefined) return { name: 'blockType', slug, tab: 'overview' };
    const tab = TYPE_TABS.find((candidate) => candidate === third && candidate !== 'overview');
    if (tab !== undefined) return { name: 'blockType', slug, tab };
    if (third === 'diff') {
      const left = query.get('left');
      const right = query.get('right');
      return { name: 'diff', slug, left: left === null || left === '' ? null : left, right: right === null || right === '' ? null : right };
    }
    return notFound;
  }
  if (first === 'schemas' && second !== undefined && third === undefined) {
    const id = decode(second);
    return id === null ? notFound : { name: 'schema', id };
  }
  return notFound;
}

/** `servers/<connection>/documents[/new | /<id>[/edit]]`, or null when it is none of those. */
function documentsRoute(segments: readonly string[], query: URLSearchParams): Route | null {
  const [, connectionSegment, , idSegment, action, ...rest] = segments;
  const connection = connectionSegment === undefined ? null : decode(connectionSegment);
  if (connection === null || rest.length > 0) return null;
  if (idSegment === undefined) {
    const type = query.get('type');
    return { name: 'documents', connection, type: type === null || type === '' ? null : type, anonymous: query.get('anonymous') === '1' };
  }
  if (idSegment === 'new' && action === undefined) {
    const type = query.get('type');
    return type === null || type === '' ? null : { name: 'documentNew', connection, type };
  }
  const id = decode(idSegment);
  if (id === null) return null;
  if (action === undefined) return { name: 'document', connection, id };
  return action === 'edit' ? { name: 'documentEdit', connection, id } : null;
}

/** The hash (with `#`) of a route; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'catalogue':
      return '#/';
    case 'blockType':
      return `#/types/${encodeURIComponent(route.slug)}${route.tab === 'overview' ? '' : `/${route.tab}`}`;
    case 'schema':
      return `#/schemas/${encodeURIComponent(route.id)}`;
    case 'diff': {
      const query = new URLSearchParams();
      if (route.left !== null) query.set('left', route.left);
      if (route.right !== null) query.set('right', route.right);
      const text = query.toString();
      return `#/types/${encodeURIComponent(route.slug)}/diff${text === '' ? '' : `?${text}`}`;
    }
    case 'report':
      return '#/report';
    case 'pythonSettings':
      return '#/settings/python';
    case 'servers':
      return '#/servers';
    case 'documents': {
      const query = new URLSearchParams();
      if (route.type !== null) query.set('type', route.type);
      if (route.anonymous) query.set('anonymous', '1');
      const text = query.toString();
      return `#/servers/${encodeURIComponent(route.connection)}/documents${text === '' ? '' : `?${text}`}`;
    }
    case 'documentNew':
      return `#/servers/${encodeURIComponent(route.connection)}/documents/new?${new URLSearchParams({ type: route.type }).toString()}`;
    case 'document':
      return `#/servers/${encodeURIComponent(route.connection)}/documents/${encodeURIComponent(route.id)}`;
    case 'documentEdit':
      return `#/servers/${encodeURIComponent(route.connection)}/documents/${encodeURIComponent(route.id)}/edit`;
    case 'notFound':
      return route.hash === '' ? '#' : route.hash;
  }
}

export const href = {
  catalogue: (): string => formatRoute({ name: 'catalogue' }),
  blockType: (slug: string, tab: TypeTab = 'overview'): string => formatRoute({ name: 'blockType', slug, tab }),
  schema: (id: string): string => formatRoute({ name: 'schema', id }),
  diff: (slug: string, left: string, right: string): string => formatRoute({ name: 'diff', slug, left, right }),
  report: (): string => formatRoute({ name: 'report' }),
  pythonSettings: (): string => formatRoute({ name: 'pythonSettings' }),
  servers: (): string => formatRoute({ name: 'servers' }),
  documents: (connection: string, type: string | null = null, anonymous = false): string => formatRoute({ name: 'documents', connection, type, anonymous }),
  newDocument: (connection: string, type: string): string => formatRoute({ name: 'documentNew', connection, type }),
  document: (connection: string, id: string): string => formatRoute({ name: 'document', connection, id }),
  editDocument: (connection: string, id: string): string => formatRoute({ name: 'documentEdit', connection, id }),
};
