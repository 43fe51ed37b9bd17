// A block type's page: its header and actions, then four tabs, each with its own address: Overview
// (description, code example, documents on servers), Fields and Form (of the newest schema), and
// Versions (every schema, and comparing two).
import type { KeyboardEvent } from 'react';
import type { BlockTypeDetail } from '../../shared/contract';
import { codeToCopy, splitCodeExample } from '../model/code-example';
import { formatDateTime, shortChecksum } from '../model/format';
import { href, TYPE_TABS, type TypeTab } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';
import { isHttpUrl } from '../model/urls';
import { CapabilityChips, CollectionBadge, ProtectedBadge } from '../components/Badges';
import { Breadcrumb } from '../components/Breadcrumb';
import { CompareForm } from '../components/CompareForm';
import { CopyButton } from '../components/CopyButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportFeedback } from '../components/ExportFeedback';
import { useExport } from '../hooks/use-export';
import { ExternalLink } from '../components/ExternalLink';
import { Loading } from '../components/Loading';
import { Logo } from '../components/Logo';
import { Markdown } from '../components/Markdown';
import { SchemaFields } from '../components/SchemaFields';
import { SchemaFormSection } from '../components/SchemaFormSection';
import { TypeDocumentsSection } from '../components/documents/TypeDocumentsSection';
import { useRegistryStore } from '../store/context';
import { useBlockSchema, useBlockType } from '../store/hooks';
import { MissingPage } from './NotFoundView';
import './BlockTypeView.css';

function CodeExample({ example }: { example: string }) {
  const segments = splitCodeExample(example);
  return (
    <section className="section" aria-labelledby="code-example-heading">
      <div className="section-heading">
        <h2 id="code-example-heading">Code example</h2>
        <CopyButton text={codeToCopy(segments)} label="Copy code example" />
      </div>
      {segments.map((segment, index) =>
        segment.kind === 'text' ? (
          <Markdown key={index}>{segment.text}</Markdown>
        ) : (
          <pre key={index} className="code-block">
            <code className={segment.language === null ? undefined : `language-${segment.language}`}>{segment.code}</code>
          </pre>
        ),
      )}
    </section>
  );
}

function SchemaVersions({ detail }: { detail: BlockTypeDetail }) {
  const { schemas } = detail;
  return (
    <section className="section" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Schema versions</h2>
      {schemas.length === 0 ? (
        <p className="muted">No schema is registered for this block type.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-labelledby="versions-heading">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Checksum</th>
                <th scope="col">Capabilities</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {schemas.map((schema) => (
                <tr key={schema.id}>
                  <th scope="row">
                    <a href={href.schema(schema.id)}>{schema.version}</a>
                  </th>
                  <td>
                    <code title={schema.checksum}>{shortChecksum(schema.checksum)}</code>
                  </td>
                  <td>{schema.capabilities.length === 0 ? <span className="muted">None</span> : <CapabilityChips capabilities={schema.capabilities} />}</td>
                  <td>
                    <time dateTime={schema.created}>{formatDateTime(schema.created)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {schemas.length >= 2 && (
        <div className="subsection">
          <h3>Compare versions</h3>
          <CompareForm slug={detail.entry.block_type.slug} schemas={schemas} />
        </div>
      )}
    </section>
  );
}

const TAB_LABELS: Record<TypeTab, string> = { overview: 'Overview', fields: 'Fields', form: 'Form', versions: 'Versions' };

/** The tab's element id, for the panel's `aria-labelledby`. */
const tabId = (tab: TypeTab): string => `type-tab-${tab}`;

/**
 * The tabs as links (each tab is an address: reload, back and forward keep it), with a tablist's
 * keys: the arrows, Home and End move to a tab and show it; one Tab stop, on the tab shown.
 */
function TypeTabs({ slug, tab, versions }: { slug: string; tab: TypeTab; versions: number }) {
  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>): void => {
    const index = TYPE_TABS.indexOf(tab);
    const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TYPE_TABS.length - 1 };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = TYPE_TABS[(target + TYPE_TABS.length) % TYPE_TABS.length] ?? tab;
    // Arrows step through the tabs without leaving a history entry per step (a click leaves one).
    window.location.replace(href.blockType(slug, next));
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <div className="type-tabs" role="tablist" aria-label="Block type">
      {TYPE_TABS.map((candidate) => (
        <a
          key={candidate}
          id={tabId(candidate)}
          role="tab"
          className="type-tab"
          href={href.blockType(slug, candidate)}
          aria-selected={candidate === tab}
          aria-controls="type-tab-panel"
          tabIndex={candidate === tab ? 0 : -1}
          onKeyDown={onKeyDown}
        >
          {TAB_LABELS[candidate]}
          {/* The space makes the tab's name "Versions 2", not "Versions2". */}
          {candidate === 'versions' && (
            <>
              {' '}
              <span className="type-tab-count">{versions}</span>
            </>
          )}
        </a>
      ))}
    </div>
  );
}

/** The Fields tab: the newest schema's properties, nested blocks and definitions. */
function NewestFields({ schemaId, version }: { schemaId: string; version: string }) {
  const resource = useBlockSchema(schemaId);
  return (
    <>
      <p className="muted">
        {'The newest schema, '}
        <a href={href.schema(schemaId)}>{`version ${version}`}</a>
        {' (its checksum and raw JSON are on its page).'}
      </p>
      {resource.status === 'loading' && <Loading label="Loading the fields…" />}
      {resource.status === 'error' && <ErrorAlert error={resource.error} title="Could not load the newest schema" />}
      {resource.status === 'ready' && <SchemaFields detail={resource.value} />}
    </>
  );
}

function Overview({ detail }: { detail: BlockTypeDetail }) {
  const type = detail.entry.block_type;
  return (
    <>
      <section className="section" aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        {type.description === null || type.description.trim() === '' ? <p className="muted">No description.</p> : <Markdown>{type.description}</Markdown>}
      </section>
      {type.code_example !== null && type.code_example.trim() !== '' && <CodeExample example={type.code_example} />}
      <TypeDocumentsSection slug={type.slug} protectedType={type.is_protected} />
    </>
  );
}

function TabPanel({ detail, tab }: { detail: BlockTypeDetail; tab: TypeTab }) {
  const newest = detail.schemas[0];
  const noSchema = <p className="muted">No schema is registered for this block type.</p>;
  return (
    <div className="type-tab-panel" role="tabpanel" id="type-tab-panel" aria-labelledby={tabId(tab)}>
      {tab === 'overview' && <Overview detail={detail} />}
      {tab === 'fields' && (newest === undefined ? noSchema : <NewestFields key={newest.id} schemaId={newest.id} version={newest.version} />)}
      {tab === 'form' && (newest === undefined ? noSchema : <SchemaFormSection typeName={detail.entry.block_type.name} schemaId={newest.id} version={newest.version} />)}
      {tab === 'versions' && <SchemaVersions detail={detail} />}
    </div>
  );
}

function TypeHeader({ detail }: { detail: BlockTypeDetail }) {
  const type = detail.entry.block_type;
  const { state: exportState, exportSlugs, dismiss } = useExport();
  return (
    <>
      <div className="type-header">
        <Logo name={type.name} url={type.logo_url} size="large" />
        <div className="type-header-text">
          <h1 tabIndex={-1}>{type.name}</h1>
          <p className="type-meta">
            <code className="slug">{type.slug}</code>
            {type.is_protected && <ProtectedBadge />}
            <CollectionBadge collection={detail.entry.collection} />
          </p>
          <CapabilityChips capabilities={detail.entry.capabilities} />
        </div>
        <div className="type-actions">
          {isHttpUrl(type.documentation_url) && (
            <ExternalLink url={type.documentation_url} className="button">
              Open documentation
            </ExternalLink>
          )}
          <button
            type="button"
            className="button"
            disabled={exportState.status === 'exporting'}
            onClick={() => void exportSlugs([type.slug])}
            title="Export this block type and its schemas (with the block types they nest)"
          >
            Export this block type
          </button>
        </div>
      </div>
      <ExportFeedback state={exportState} onDismiss={dismiss} />
    </>
  );
}

export function BlockTypeView({ slug, tab }: { slug: string; tab: TypeTab }) {
  const store = useRegistryStore();
  const resource = useBlockType(slug);
  const detail = resource.status === 'ready' ? resource.value : null;
  const type = detail?.entry.block_type ?? null;
  useDocumentTitle(type === null ? slug : tab === 'overview' ? type.name : `${type.name}: ${TAB_LABELS[tab]}`);

  return (
    <>
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: type?.name ?? slug }]} />
      {resource.status === 'loading' && <Loading label="Loading block type…" />}
      {resource.status === 'error' && resource.error.code === 'not_found' && <MissingPage title="Block type not found" message={resource.error.message} />}
      {resource.status === 'error' && resource.error.code !== 'not_found' && (
        <>
          <h1 tabIndex={-1}>{slug}</h1>
          <ErrorAlert error={resource.error} title="Could not load this block type" onRetry={() => void store.getState().loadBlockType(slug, { force: true })} />
        </>
      )}
      {detail !== null && (
        <>
          <TypeHeader detail={detail} />
          <TypeTabs slug={detail.entry.block_type.slug} tab={tab} versions={detail.schemas.length} />
          <TabPanel detail={detail} tab={tab} />
        </>
      )}
    </>
  );
}
