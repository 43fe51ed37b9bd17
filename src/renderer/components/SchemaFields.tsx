// A block schema's fields: the table of its properties, the blocks it nests, and its definitions
// (each folded; a type name's link opens its definition). On a schema's page and on the Fields tab
// of its block type's page.
import { useMemo } from 'react';
import type { BlockSchemaDetail, ResolvedReference } from '../../shared/contract';
import { errorMessage } from '../../shared/errors';
import { parseJson, type JsonValue } from '../../shared/json';
import { schemaDefinitions, schemaFields, type SchemaDefinition } from '../../shared/schema-fields';
import { href } from '../model/routes';
import { ErrorAlert } from './ErrorAlert';
import { FieldsTable } from './FieldsTable';
import { Markdown } from './Markdown';
import './SchemaFields.css';

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

export function SchemaFields({ detail }: { detail: BlockSchemaDetail }) {
  const parsed = useMemo(() => parseFields(detail.fields_json), [detail.fields_json]);
  const fields = useMemo(() => ('value' in parsed ? schemaFields(parsed.value) : []), [parsed]);
  const definitions = useMemo(() => ('value' in parsed ? schemaDefinitions(parsed.value) : []), [parsed]);
  const onShowDefinition = (name: string): void => showDefinition(definitions, name);
  if ('error' in parsed) {
    return <ErrorAlert error={{ code: 'internal', message: `The schema's fields are not valid JSON: ${parsed.error}`, issues: [] }} title="Could not read the fields" />;
  }
  return (
    <>
      <section className="section" aria-labelledby="fields-heading">
        <h2 id="fields-heading" className="visually-hidden">
          Fields
        </h2>
        <FieldsTable fields={fields} onShowDefinition={onShowDefinition} />
      </section>
      {detail.references.length > 0 && <References references={detail.references} />}
      {definitions.length > 0 && <Definitions definitions={definitions} onShowDefinition={onShowDefinition} />}
    </>
  );
}
