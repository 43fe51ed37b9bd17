// One block schema: checksum, capabilities, fields, nested blocks, definitions and raw JSON.
import { useMemo } from 'react';
import type { BlockSchemaDetail, ResolvedReference } from '../../shared/contract';
import { errorMessage } from '../../shared/errors';
import { parseJson, type JsonValue } from '../../shared/json';
import { formatDateTime, withArticle } from '../model/format';
import { href } from '../model/routes';
import { schemaDefinitions, schemaDescription, schemaFields, type SchemaDefinition } from '../../shared/schema-fields';
import { useDocumentTitle } from '../hooks/use-document-title';
import { CapabilityChips } from '../components/Badges';
import { Breadcrumb } from '../components/Breadcrumb';
import { CopyButton } from '../components/CopyButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldsTable } from '../components/FieldsTable';
import { Loading } from '../components/Loading';
import { Logo } from '../components/Logo';
import { Markdown } from '../components/Markdown';
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

function References({ references }: { references: readonly ResolvedReference[] }) {
  return (
    <section className="section" aria-labelledby="references-heading">
      <h2 id="references-heading">Nested blocks</h2>
      <ul className="reference-list">
        {references.map((reference) => (
          // A union property nests several blocks under one name (S3 Bucket's credentials: MinIO or AWS).
          <li key={`${reference.property} ${reference.block_schema_checksum}`}>
            <code className="property-name">{reference.property}</code>
            <span aria-hidden="true"> → </span>
            <span className="visually-hidden"> refers to </span>
            {reference.block_type_name === null ? (
              <span>
                <code>{reference.block_type_slug}</code> <span className="muted">(block type not registered)</span>
              </span>
            ) : (
              <a href={href.blockType(reference.block_type_slug)}>{reference.block_type_name}</a>
            )}
            {', '}
            {reference.block_schema_id === null ? (
              <span className="muted" title={reference.block_schema_checksum}>
                schema not registered
              </span>
            ) : (
              <a href={href.schema(reference.block_schema_id)} title={reference.block_schema_checksum}>
                {`schema of ${reference.block_type_name ?? reference.block_type_slug}`}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
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

/** The element id of a definition's entry (names may hold any character, so by index). */
function definitionElementId(index: number): string {
  return `definition-${index}`;
}

/** Opens a definition's entry, scrolls to it and focuses it: where a type name's link leads. */
function showDefinition(definitions: readonly SchemaDefinition[], name: string): void {
  const index = definitions.findIndex((definition) => definition.name === name);
  const element = index === -1 ? null : document.getElementById(definitionElementId(index));
  if (!(element instanceof HTMLDetailsElement)) return;
  element.open = true;
  element.scrollIntoView({ block: 'start' });
  element.querySelector('summary')?.focus();
}

function DefinitionBody({ definition, onShowDefinition }: { definition: SchemaDefinition; onShowDefinition: (name: string) => void }) {
  return (
    <div className="definition-body">
      {definition.blockTypeSlug !== null && (
        <p>
          {'A nested block: '}
          <a href={href.blockType(definition.blockTypeSlug)}>
            <code className="slug">{definition.blockTypeSlug}</code>
          </a>
        </p>
      )}
      {definition.description !== null && definition.description.trim() !== '' && <Markdown>{definition.description}</Markdown>}
      {definition.enumValues !== null && (
        <p>
          {'One of: '}
          {definition.enumValues.map((value, index) => (
            <span key={index}>
              {index > 0 && ', '}
              <code>{value}</code>
            </span>
          ))}
        </p>
      )}
      {definition.fields.length > 0 && <FieldsTable fields={definition.fields} caption={definition.name} onShowDefinition={onShowDefinition} />}
      {definition.fields.length === 0 && definition.enumValues === null && (
        // Neither properties nor an enum (e.g. a bare JSON value): the definition itself says most.
        <pre className="code-block">
          <code>{definition.json}</code>
        </pre>
      )}
    </div>
  );
}

function Definitions({ definitions, onShowDefinition }: { definitions: readonly SchemaDefinition[]; onShowDefinition: (name: string) => void }) {
  return (
    <section className="section" aria-labelledby="definitions-heading">
      <h2 id="definitions-heading">Definitions</h2>
      <ul className="definitions">
        {definitions.map((definition, index) => (
          <li key={definition.name}>
            <details id={definitionElementId(index)}>
              <summary>
                <code>{definition.name}</code>
                {definition.blockTypeSlug !== null && <span className="muted"> (nested block)</span>}
              </summary>
              <DefinitionBody definition={definition} onShowDefinition={onShowDefinition} />
            </details>
          </li>
        ))}
      </ul>
    </section>
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
  const fields = useMemo(() => ('value' in parsed ? schemaFields(parsed.value) : []), [parsed]);
  const definitions = useMemo(() => ('value' in parsed ? schemaDefinitions(parsed.value) : []), [parsed]);
  const description = 'value' in parsed ? schemaDescription(parsed.value) : null;
  const onShowDefinition = (name: string): void => showDefinition(definitions, name);
  return (
    <>
      <SchemaHeader schema={detail.schema} />
      {description !== null && description.trim() !== '' && (
        <section className="section" aria-labelledby="schema-description-heading">
          <h2 id="schema-description-heading">Description</h2>
          <Markdown>{description}</Markdown>
        </section>
      )}
      {'error' in parsed ? (
        <ErrorAlert error={{ code: 'internal', message: `The schema's fields are not valid JSON: ${parsed.error}`, issues: [] }} title="Could not read the fields" />
      ) : (
        <section className="section" aria-labelledby="fields-heading">
          <h2 id="fields-heading" className="visually-hidden">
            Fields
          </h2>
          <FieldsTable fields={fields} onShowDefinition={onShowDefinition} />
        </section>
      )}
      {detail.references.length > 0 && <References references={detail.references} />}
      {definitions.length > 0 && <Definitions definitions={definitions} onShowDefinition={onShowDefinition} />}
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
