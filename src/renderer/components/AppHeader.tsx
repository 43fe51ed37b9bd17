// The app's banner: Back and Forward, its name (home), what is registered, the registration report,
// and Import… (on the catalogue, Import… is the page's own main action instead).
import type { Overview } from '../../shared/contract';
import { formatMs, plural } from '../model/format';
import { href } from '../model/routes';
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

export function AppHeader({ inert = false }: { inert?: boolean }) {
  const overview = useRegistry((state) => state.overview);
  const onCatalogue = useRoute().name === 'catalogue';
  return (
    <header className="app-header" inert={inert}>
      <div className="app-header-inner">
        <div className="header-start">
          <HistoryButtons />
          <a className="brand" href={href.catalogue()}>
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            {APP_NAME}
          </a>
        </div>
        <div className="header-actions">
          {overview !== null && (
            <p className="status-line">
              <a href={href.report()} title="Show the registration report and the auto-register folder">
                {statusLine(overview)}
              </a>
            </p>
          )}
          <a className="button button-small" href={href.report()}>
            Registration report
          </a>
          <a className="button button-quiet python-settings-link" href={href.pythonSettings()}>
            Python
          </a>
          <a className="button button-quiet" href={href.servers()}>
            Prefect servers
          </a>
          {!onCatalogue && <ImportButton />}
        </div>
      </div>
    </header>
  );
}
