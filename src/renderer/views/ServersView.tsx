// The "Prefect servers" page: connections (the Prefect profile's and saved ones), a side-by-side
// comparison of any two sources (this registry, server A, server B), and push or pull of the
// chosen block types between this registry and a server. Its state is the store's servers slice
// (store/servers-slice.ts), for the length of a visit; every network call runs in main.
import { useEffect } from 'react';
import { Breadcrumb } from '../components/Breadcrumb';
import { CompareSection } from '../components/servers/CompareSection';
import { ConnectionsSection } from '../components/servers/ConnectionsSection';
import { href } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRegistryStore } from '../store/context';
import './ServersView.css';

/** A visit of the page: its state starts afresh when it opens, and what is still on its way is dropped when it closes. */
function useServersVisit(): void {
  const store = useRegistryStore();
  useEffect(() => {
    void store.getState().openServersPage();
    return () => store.getState().leaveServersPage();
  }, [store]);
}

export function ServersView() {
  useDocumentTitle('Prefect servers');
  useServersVisit();
  return (
    <div className="servers-page">
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: 'Prefect servers' }]} />
      <h1 tabIndex={-1}>Prefect servers</h1>
      <ConnectionsSection />
      <CompareSection />
    </div>
  );
}
