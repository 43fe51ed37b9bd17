// The "Form" section of a block type's page: the form of its newest schema, loaded by id.
import { useMemo } from 'react';
import { errorMessage } from '../../shared/errors';
import { parseJson, type JsonValue } from '../../shared/json';
import { withArticle } from '../model/format';
import { href } from '../model/routes';
import { useBlockSchema } from '../store/hooks';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';
import { SchemaForm } from './SchemaForm';

function parsed(text: string): { value: JsonValue } | { error: string } {
  try {
    return { value: parseJson(text) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

function LoadedForm({ fieldsJson, label }: { fieldsJson: string; label: string }) {
  const fields = useMemo(() => parsed(fieldsJson), [fieldsJson]);
  if ('error' in fields) return <ErrorAlert error={{ code: 'internal', message: `The schema's fields are not valid JSON: ${fields.error}`, issues: [] }} title="Could not read the fields" />;
  return <SchemaForm fields={fields.value} label={label} />;
}

export function SchemaFormSection({ typeName, schemaId, version }: { typeName: string; schemaId: string; version: string }) {
  const resource = useBlockSchema(schemaId);
  return (
    <section className="section" aria-labelledby="form-heading">
      <h2 id="form-heading">Form</h2>
      <p className="muted">
        {`What Prefect's UI shows a user who creates ${withArticle(typeName)} block, from the newest schema (`}
        <a href={href.schema(schemaId)}>{`version ${version}`}</a>
        {'); read-only.'}
      </p>
      {resource.status === 'loading' && <Loading label="Loading the form…" />}
      {resource.status === 'error' && <ErrorAlert error={resource.error} title="Could not load the newest schema" />}
      {resource.status === 'ready' && <LoadedForm fieldsJson={resource.value.fields_json} label={`Form of ${typeName}`} />}
    </section>
  );
}
