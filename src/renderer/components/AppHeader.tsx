// The app's banner: Back and Forward, its name (home), and the same page links on every page, in
// the same places: the registration report (with what is registered, when the window is wide
// enough), Python, Prefect servers and Import…. The link of the page shown is marked current.
import type { Overview } from '../../shared/contract';
import { formatMs, plural } from '../model/format';
import { href, type Route } from '../model/routes';
import { APP_NAME } from '../hooks/use-document-title';
import { useRoute } from '../hooks/use-route';
import { useRegistry } from '../store/context';
import { HistoryButtons } from './HistoryButtons';
import { ImportButton } from './ImportButton';
import './AppHeader.css';

/** "54 block types, 54 schemas, registered in 123 ms" (or "…, not registered yet"). */
export function statusLine(overview: Overview): string {
  const counts = `${plural(overview.block_type_count, 'block type', 'block types')}, ${plural(overview.block_schema_count, 'schema', 'schemas')}`;
  const registration = overview.last_registration;
  return registration === null ? `${counts}, not registered yet` : `${counts}, registered in ${formatMs(registration.duration_ms)}`;
}

type HeaderPage = 'catalogue' | 'report' | 'python' | 'servers';

/** Which banner link leads to (or towards) the page shown: a server's documents are under Prefect servers. */
function headerPage(route: Route): HeaderPage | null {
  switch (route.name) {
    case 'catalogue':
      return 'catalogue';
    case 'report':
      return 'report';
    case 'pythonSettings':
      return 'python';
    case 'servers':
    case 'documents':
    case 'document':
    case 'documentNew':
    case 'documentEdit':
      return 'servers';
    default:
      return null;
  }
}

/** `aria-current`: "page" on the page itself, "location" on a page under it. */
function current(route: Route, page: HeaderPage): 'page' | 'location' | undefined {
  if (headerPage(route) !== page) return undefined;
  return page === 'servers' && route.name !== 'servers' ? 'location' : 'page';
}

export function AppHeader({ inert = false }: { inert?: boolean }) {
  const overview = useRegistry((state) => state.overview);
  const route = useRoute();
  // On the catalogue, Import… is the page's own main action: the banner's is unseen there.
  const onCatalogue = route.name === 'catalogue';
  return (
    <header className="app-header" inert={inert}>
      <div className="app-header-inner">
        <div className="header-start">
          <HistoryButtons />
          <a className="brand" href={href.catalogue()} aria-current={current(route, 'catalogue')}>
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            {APP_NAME}
          </a>
        </div>
        <nav className="header-actions" aria-label="Pages">
          <a className="button button-small header-link header-report" href={href.report()} aria-current={current(route, 'report')}>
            Registration report
            {overview !== null && (
              <>
                {' '}
                <span className="header-report-status">{statusLine(overview)}</span>
              </>
            )}
          </a>
          <a className="button button-quiet header-link" href={href.pythonSettings()} aria-current={current(route, 'python')}>
            Python
          </a>
          <a className="button button-quiet header-link" href={href.servers()} aria-current={current(route, 'servers')}>
            Prefect servers
          </a>
          {onCatalogue ? (
            // Its place, kept: the links do not move when the banner's own Import… appears.
            <span className="button button-small header-import-unseen" aria-hidden="true">
              Import…
            </span>
          ) : (
            <ImportButton />
          )}
        </nav>
      </div>
    </header>
  );
}
