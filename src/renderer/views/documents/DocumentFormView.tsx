// Prefect's create and edit form for a block document, on a chosen server: the name first (a new
// document; Prefect UI's rule and messages), then every field of the schema as its widget, nested
// blocks picked among that server's documents of their type. Save asks the server's own validation
// (Prefect's messages, under their fields), pushes the schema first when the server lacks it, and
// saves. Secrets are write-only: an edit never has them, and an untouched one keeps its value.
import { useCallback, useMemo, useState } from 'react';
import { documentNameProblem, type DocumentForm, type FieldError } from '../../../shared/documents';
import { isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../../shared/json';
import { callDocuments } from '../../bridge/documents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { SchemaForm, type FormEditing } from '../../components/SchemaForm';
import { useCall } from '../../hooks/use-call';
import { href } from '../../model/routes';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { dottedPath, removeItemAt, setValueAt, type ValuePath } from '../../model/form-values';
import type { ApiError } from '../../../shared/contract';
import { withReferences } from './DocumentView';
import { connectionLabel, connectionsOf, DocumentsBreadcrumb, useConnections } from './shared';
import './documents.css';

type Which = { id: string } | { type: string };

export function DocumentFormView({ connection, which }: { connection: string; which: Which }) {
  const connections = connectionsOf(useConnections());
  const key = 'id' in which ? `${connection}|id|${which.id}` : `${connection}|type|${which.type}`;
  const [form, reload] = useCall(key, () => callDocuments('getDocumentForm', 'id' in which ? { connection_id: connection, id: which.id } : { connection_id: connection, slug: which.type }));
  const serverName = connectionLabel(connections, connection);
  const title =
    form.status !== 'ready' ? 'Block document' : form.value.document === null ? `New ${form.value.block_type.name} block` : `Edit ${form.value.block_type.slug}/${form.value.document.summary.name}`;
  useDocumentTitle(title);
  return (
    <div className="documents-page">
      <DocumentsBreadcrumb connection={connection} serverName={serverName} title={title} />
      {form.status === 'loading' && <Loading label="Reading the schema and the server's documents…" />}
      {form.status === 'error' && <ErrorAlert error={form.error} title="Could not open the form" onRetry={reload} />}
      {form.status === 'ready' && <Editor key={key} form={form.value} connection={connection} serverName={serverName} title={title} />}
    </div>
  );
}

/** A new document's name, with Prefect UI's rule and the server's messages under it. */
function NameField({ name, messages, onChange }: { name: string; messages: readonly string[]; onChange: (name: string) => void }) {
  return (
    <div className="schema-form-field document-name">
      <label htmlFor="document-name" className="schema-form-label">
        Block Name
      </label>
      <input id="document-name" className="schema-form-input" value={name} autoComplete="off" aria-invalid={messages.length > 0} onChange={(event) => onChange(event.target.value)} />
      {messages.length > 0 && (
        <ul className="schema-form-errors">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Why the last save failed: the call's error, the server's messages about the whole document, how many fields to fix. */
function SaveProblems({ failure, onDismiss, rootMessages, errorCount }: { failure: ApiError | null; onDismiss: () => void; rootMessages: readonly string[]; errorCount: number }) {
  return (
    <>
      {failure !== null && <ErrorAlert error={failure} title="Could not save" onDismiss={onDismiss} />}
      {rootMessages.length > 0 && (
        <div className="alert" role="alert">
          <ul>
            {rootMessages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {errorCount > 0 && (
        <p className="documents-form-invalid" role="status">
          Not saved: {errorCount} problem{errorCount === 1 ? '' : 's'} to fix, shown under {errorCount === 1 ? 'its field' : 'their fields'}.
        </p>
      )}
    </>
  );
}

/**
 * The form's values and the server's messages: what the widgets call (a change forgets the
 * messages about it), the messages by path, the JSON editors' texts that do not parse.
 */
function useFormEditing(form: DocumentForm, connection: string) {
  const editing = form.document;
  const [values, setValues] = useState<JsonObject>(() => {
    if (editing === null) return {};
    const data = parseJson(editing.data_json);
    return withReferences(isJsonObject(data) ? data : {}, editing);
  });
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [jsonProblems, setJsonProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const onChange = useCallback((path: ValuePath, value: JsonValue | undefined) => {
    setValues((current) => setValueAt(current, path, value));
    // A message about a value the person has just changed no longer applies (Save asks again).
    const changed = dottedPath(path);
    setErrors((current) => (current.some((error) => coversPath(changed, error.path)) ? current.filter((error) => !coversPath(changed, error.path)) : current));
  }, []);
  const onRemoveItem = useCallback((path: ValuePath, index: number) => setValues((current) => removeItemAt(current, path, index)), []);
  const onJsonProblem = useCallback(
    (path: string, problem: string | null) =>
      setJsonProblems((current) => {
        if ((current.get(path) ?? null) === problem) return current;
        const next = new Map(current);
        if (problem === null) next.delete(path);
        else next.set(path, problem);
        return next;
      }),
    [],
  );
  const byPath = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const error of errors) map.set(error.path, [...(map.get(error.path) ?? []), error.message]);
    return map;
  }, [errors]);
  const formEditing: FormEditing = useMemo(
    () => ({
      onChange,
      onRemoveItem,
      errors: byPath,
      options: form.options,
      keptSecrets: new Set(editing?.secret_fields ?? []),
      newDocumentHref: (slug: string) => href.newDocument(connection, slug),
      onJsonProblem,
    }),
    [onChange, onRemoveItem, byPath, form.options, editing, connection, onJsonProblem],
  );
  return { values, errors, setErrors, jsonProblems, byPath, formEditing };
}

function Editor({ form, connection, serverName, title }: { form: DocumentForm; connection: string; serverName: string; title: string }) {
  const fields = useMemo(() => parseJson(form.fields_json), [form.fields_json]);
  const editing = form.document;
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const { values, errors, setErrors, jsonProblems, byPath, formEditing } = useFormEditing(form, connection);

  const localNameProblem = editing === null && nameTouched ? documentNameProblem(name) : null;
  const nameMessages = [...(localNameProblem === null ? [] : [localNameProblem]), ...(byPath.get('name') ?? []).filter((message) => message !== localNameProblem)];
  const rootMessages = byPath.get('') ?? [];

  async function save() {
    setNameTouched(true);
    if (editing === null && documentNameProblem(name) !== null) return;
    setSaving(true);
    setFailure(null);
    const response = await callDocuments('saveDocument', {
      connection_id: connection,
      id: editing?.summary.id ?? null,
      slug: form.block_type.slug,
      name: editing?.summary.name ?? name,
      values_json: stringifyJson(values),
      schema_checksum: form.schema.checksum,
      schema_version: form.schema.version,
    });
    setSaving(false);
    if (!response.ok) {
      setFailure(response.error);
      return;
    }
    if (response.value.saved) {
      window.location.hash = href.document(connection, response.value.id);
      return;
    }
    setErrors(response.value.errors);
  }

  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      <p className="muted">
        On {serverName} ({form.api_url}), with {form.block_type.slug} schema {form.schema.version} <code>{form.schema.checksum}</code>.
      </p>
      {form.schema.source === 'registry' && (
        <p className="documents-note">This server has no {form.block_type.slug} block type yet: saving pushes it from this registry first, as a push from the servers page would.</p>
      )}
      <SaveProblems failure={failure} onDismiss={() => setFailure(null)} rootMessages={rootMessages} errorCount={errors.length} />
      <div className="document-form">
        {editing === null && (
          <NameField
            name={name}
            messages={nameMessages}
            onChange={(next) => {
              setName(next);
              setNameTouched(true);
            }}
          />
        )}
        <SchemaForm fields={fields} label={title} values={values} editing={formEditing} />
      </div>
      <div className="servers-actions document-form-actions">
        <a className="button" href={editing === null ? href.documents(connection, form.block_type.slug) : href.document(connection, editing.summary.id)}>
          Cancel
        </a>
        <button type="button" className="button button-primary" disabled={saving || jsonProblems.size > 0} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        {jsonProblems.size > 0 && <span className="muted">Fix the JSON first.</span>}
      </div>
    </>
  );
}

/** Whether a message at `errorPath` is about the value at `changed` (the value itself, or inside it). */
function coversPath(changed: string, errorPath: string): boolean {
  return errorPath === changed || errorPath.startsWith(`${changed}.`);
}
