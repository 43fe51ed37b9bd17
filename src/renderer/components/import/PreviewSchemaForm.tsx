// The form a new schema of an import would give, collapsed under its line in the preview: the
// form is built only when opened (an import may hold thousands of schemas).
import { useMemo, useState } from 'react';
import { errorMessage } from '../../../shared/errors';
import { parseJson, type JsonValue } from '../../../shared/json';
import { SchemaForm } from '../SchemaForm';
import './PreviewSchemaForm.css';

function OpenedForm({ fieldsJson, label }: { fieldsJson: string; label: string }) {
  const fields = useMemo((): { value: JsonValue } | { error: string } => {
    try {
      return { value: parseJson(fieldsJson) };
    } catch (error) {
      return { error: errorMessage(error) };
    }
  }, [fieldsJson]);
  if ('error' in fields) return <p className="muted">{`The fields cannot be read: ${fields.error}`}</p>;
  return <SchemaForm fields={fields.value} label={label} />;
}

export function PreviewSchemaForm({ typeName, version, fieldsJson }: { typeName: string; version: string; fieldsJson: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="preview-schema-form" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Form preview</summary>
      {open && <OpenedForm fieldsJson={fieldsJson} label={`Form of ${typeName} version ${version}`} />}
    </details>
  );
}
