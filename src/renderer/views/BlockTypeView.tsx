// A block type's page: metadata, documentation link, description, code example, schema versions.
import type { BlockTypeDetail } from '../../shared/contract';
import { codeToCopy, splitCodeExample } from '../model/code-example';
import { formatDateTime, shortChecksum } from '../model/format';
import { href } from '../model/routes';
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
import { SchemaFormSection } from '../components/SchemaFormSection';
import { TypeDocumentsSection } from '../components/documents/TypeDocumentsSection';
import { useRegistryStore } from '../store/context';
import { useBlockType } from '../store/hooks';
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

export function BlockTypeView({ slug }: { slug: string }) {
  const store = useRegistryStore();
  const resource = useBlockType(slug);
  const detail = resource.status === 'ready' ? resource.value : null;
  const type = detail?.entry.block_type ?? null;
  useDocumentTitle(type?.name ?? slug);
  const { state: exportState, exportSlugs, dismiss } = useExport();

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
      {detail !== null && type !== null && (
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
          <section className="section" aria-labelledby="description-heading">
            <h2 id="description-heading">Description</h2>
            {type.description === null || type.description.trim() === '' ? <p className="muted">No description.</p> : <Markdown>{type.description}</Markdown>}
          </section>
          {type.code_example !== null && type.code_example.trim() !== '' && <CodeExample example={type.code_example} />}
          <SchemaVersions detail={detail} />
          {detail.schemas[0] !== undefined && <SchemaFormSection typeName={type.name} schemaId={detail.schemas[0].id} version={detail.schemas[0].version} />}
          <TypeDocumentsSection slug={type.slug} protectedType={type.is_protected} />
        </>
      )}
    </>
  );
}
