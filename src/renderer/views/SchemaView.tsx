// One block schema: checksum, capabilities, fields, nested blocks, definitions (SchemaFields), its
// form, and raw JSON.
import { useMemo } from 'react';
import type { BlockSchemaDetail } from '../../shared/contract';
import { errorMessage } from '../../shared/errors';
import { parseJson, type JsonValue } from '../../shared/json';
import { formatDateTime, withArticle } from '../model/format';
import { href } from '../model/routes';
import { schemaDescription } from '../../shared/schema-fields';
import { useDocumentTitle } from '../hooks/use-document-title';
import { CapabilityChips } from '../components/Badges';
import { Breadcrumb } from '../components/Breadcrumb';
import { CopyButton } from '../components/CopyButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Logo } from '../components/Logo';
import { Markdown } from '../components/Markdown';
import { SchemaFields } from '../components/SchemaFields';
import { SchemaForm } from '../components/SchemaForm';
import { useRegistryStore } from '../store/context';
import { useBlockSchema, useBlockType } from '../store/hooks';
import { MissingPage } from './NotFoundView';
import './SchemaView.css';

function parseFields(text: string): { value: JsonValue } | { error: string } {
  try {
    return { value: parseJson(text) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

function CompareLinks({ detail }: { detail: BlockSchemaDetail }) {
  const slug = detail.schema.block_type.slug;
  const type = useBlockType(slug);
  if (type.status !== 'ready') return null;
  const schemas = type.value.schemas;
  if (schemas.length < 2) return null;
  const self = schemas.findIndex((schema) => schema.id === detail.schema.id);
  const others = schemas.filter((schema) => schema.id !== detail.schema.id);
  return (
    <section className="section" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare with another version</h2>
      <ul className="compare-links">
        {others.map((other) => {
          // Schemas are newest first: a later index is older, so it goes on the left.
          const otherIsOlder = self === -1 || schemas.indexOf(other) > self;
          const diff = otherIsOlder ? href.diff(slug, other.id, detail.schema.id) : href.diff(slug, detail.schema.id, other.id);
          return (
            <li key={other.id}>
              <a href={diff}>{`Compare with version ${other.version}`}</a> <span className="muted">({formatDateTime(other.created)})</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SchemaHeader({ schema }: { schema: BlockSchemaDetail['schema'] }) {
  return (
    <>
      <div className="type-header">
        <Logo name={schema.block_type.name} url={schema.block_type.logo_url} size="large" />
        <div className="type-header-text">
          <h1 tabIndex={-1}>
            {schema.block_type.name} <span className="heading-version">version {schema.version}</span>
          </h1>
          <p className="type-meta">
            <a href={href.blockType(schema.block_type.slug)}>
              <code className="slug">{schema.block_type.slug}</code>
            </a>
            <span className="muted">
              registered <time dateTime={schema.created}>{formatDateTime(schema.created)}</time>
            </span>
          </p>
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>Checksum</dt>
          <dd className="checksum-row">
            <code className="checksum">{schema.checksum}</code>
            <CopyButton text={schema.checksum} label="Copy checksum" />
          </dd>
        </div>
        <div>
          <dt>Capabilities</dt>
          <dd>{schema.capabilities.length === 0 ? <span className="muted">None</span> : <CapabilityChips capabilities={schema.capabilities} />}</dd>
        </div>
      </dl>
    </>
  );
}

function RawJson({ text }: { text: string }) {
  return (
    <section className="section" aria-labelledby="raw-heading">
      <div className="section-heading">
        <h2 id="raw-heading">Raw JSON</h2>
        <CopyButton text={text} label="Copy JSON" />
      </div>
      <pre className="code-block raw-json" tabIndex={0} aria-labelledby="raw-heading">
        <code>{text}</code>
      </pre>
    </section>
  );
}

function SchemaDetails({ detail }: { detail: BlockSchemaDetail }) {
  const parsed = useMemo(() => parseFields(detail.fields_json), [detail.fields_json]);
  const description = 'value' in parsed ? schemaDescription(parsed.value) : null;
  return (
    <>
      <SchemaHeader schema={detail.schema} />
      {description !== null && description.trim() !== '' && (
        <section className="section" aria-labelledby="schema-description-heading">
          <h2 id="schema-description-heading">Description</h2>
          <Markdown>{description}</Markdown>
        </section>
      )}
      <SchemaFields detail={detail} />
      {'value' in parsed && (
        <section className="section" aria-labelledby="form-heading">
          <h2 id="form-heading">Form</h2>
          <p className="muted">What Prefect&apos;s UI shows a user who creates {withArticle(detail.schema.block_type.name)} block with this schema (read-only).</p>
          <SchemaForm fields={parsed.value} label={`Form of ${detail.schema.block_type.name} version ${detail.schema.version}`} />
        </section>
      )}
      <CompareLinks detail={detail} />
      <RawJson text={detail.fields_json} />
    </>
  );
}

export function SchemaView({ id }: { id: string }) {
  const store = useRegistryStore();
  const resource = useBlockSchema(id);
  const detail = resource.status === 'ready' ? resource.value : null;
  useDocumentTitle(detail === null ? 'Block schema' : `${detail.schema.block_type.name} ${detail.schema.version}`);
  const crumbs =
    detail === null
      ? [{ label: 'Catalogue', href: href.catalogue() }, { label: 'Block schema' }]
      : [{ label: 'Catalogue', href: href.catalogue() }, { label: detail.schema.block_type.name, href: href.blockType(detail.schema.block_type.slug) }, { label: `Version ${detail.schema.version}` }];
  return (
    <>
      <Breadcrumb items={crumbs} />
      {resource.status === 'loading' && <Loading label="Loading block schema…" />}
      {resource.status === 'error' && resource.error.code === 'not_found' && <MissingPage title="Block schema not found" message={resource.error.message} />}
      {resource.status === 'error' && resource.error.code !== 'not_found' && (
        <>
          <h1 tabIndex={-1}>Block schema</h1>
          <ErrorAlert error={resource.error} title="Could not load this block schema" onRetry={() => void store.getState().loadSchema(id, { force: true })} />
        </>
      )}
      {detail !== null && <SchemaDetails detail={detail} />}
    </>
  );
}
