// The window: banner, the view of the current hash route, the failure of the last action, and the
// import flow (drop overlay, progress and result, preview dialog).
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Route } from './model/routes';
import { useRoute } from './hooks/use-route';
import { AppHeader } from './components/AppHeader';
import { DropOverlay } from './components/DropOverlay';
import { ErrorAlert } from './components/ErrorAlert';
import { ImportDialog } from './components/import/ImportDialog';
import { ImportStatus } from './components/ImportStatus';
import { PythonConfirmDialog } from './components/import/PythonConfirmDialog';
import { importDialogOpen } from './store/import-slice';
import { useRegistry, useRegistryStore } from './store/context';
import { BlockTypeView } from './views/BlockTypeView';
import { CatalogueView } from './views/CatalogueView';
import { DiffView } from './views/DiffView';
import { DocumentFormView } from './views/documents/DocumentFormView';
import { DocumentsView } from './views/documents/DocumentsView';
import { DocumentView } from './views/documents/DocumentView';
import { NotFoundView } from './views/NotFoundView';
import { PythonSettingsView } from './views/PythonSettingsView';
import { ReportView } from './views/ReportView';
import { SchemaView } from './views/SchemaView';
import { ServersView } from './views/ServersView';

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'catalogue':
      return <CatalogueView />;
    case 'blockType':
      return <BlockTypeView key={route.slug} slug={route.slug} tab={route.tab} />;
    case 'schema':
      return <SchemaView key={route.id} id={route.id} />;
    case 'diff':
      return <DiffView key={`${route.slug}|${route.left ?? ''}|${route.right ?? ''}`} slug={route.slug} left={route.left} right={route.right} />;
    case 'report':
      return <ReportView />;
    case 'pythonSettings':
      return <PythonSettingsView />;
    case 'servers':
      return <ServersView />;
    case 'documents':
      return <DocumentsView key={route.connection} connection={route.connection} type={route.type} anonymous={route.anonymous} />;
    case 'document':
      return <DocumentView key={`${route.connection}|${route.id}`} connection={route.connection} id={route.id} />;
    case 'documentNew':
      return <DocumentFormView key={`${route.connection}|new|${route.type}`} connection={route.connection} which={{ type: route.type }} />;
    case 'documentEdit':
      return <DocumentFormView key={`${route.connection}|edit|${route.id}`} connection={route.connection} which={{ id: route.id }} />;
    case 'notFound':
      return <NotFoundView hash={route.hash} />;
  }
}

/** Which page a route shows: a block type page's tabs are one page (focus stays on the tab chosen). */
function routeKey(route: Route): string {
  return JSON.stringify(route.name === 'blockType' ? { name: route.name, slug: route.slug } : route);
}

/**
 * On navigation: the new page starts at the top (the catalogue's grid restores its own position)
 * and focus moves to its heading, for screen readers; a heading that appears only once the page
 * has loaded gets focus then, unless the user has moved focus meanwhile.
 */
function useNavigationEffects(route: Route, main: RefObject<HTMLElement | null>): void {
  const key = routeKey(route);
  const previous = useRef<string | null>(null);
  useLayoutEffect(() => {
    const before = previous.current;
    previous.current = key;
    const container = main.current;
    if (before === null || before === key || container === null) return;
    if (route.name !== 'catalogue') window.scrollTo(0, 0);
    const heading = container.querySelector<HTMLElement>('h1');
    if (heading !== null) {
      heading.focus({ preventScroll: true });
      return;
    }
    container.focus({ preventScroll: true });
    const observer = new MutationObserver(() => {
      const late = container.querySelector<HTMLElement>('h1');
      if (late === null) return;
      observer.disconnect();
      if (document.activeElement === container || document.activeElement === document.body) late.focus({ preventScroll: true });
    });
    observer.observe(container, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), 5000);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [key, route.name, main]);
}

export function App() {
  const store = useRegistryStore();
  const route = useRoute();
  const actionError = useRegistry((state) => state.actionError);
  const dismiss = useRegistry((state) => state.dismissActionError);
  // While the import dialog is open, the rest of the window is out of reach (modal).
  const modal = useRegistry((state) => importDialogOpen(state.importPhase) || state.importPhase.name === 'confirming');
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    if (store.getState().status === 'idle') void store.getState().load();
  }, [store]);
  useNavigationEffects(route, main);

  return (
    <>
      <AppHeader inert={modal} />
      <main ref={main} className="main" tabIndex={-1} inert={modal}>
        {actionError !== null && <ErrorAlert error={actionError} title="Could not open the link" onDismiss={dismiss} />}
        <View route={route} />
      </main>
      <ImportStatus />
      <ImportDialog />
      <PythonConfirmDialog />
      <DropOverlay />
    </>
  );
}
