// The form Prefect's UI renders for a block schema (see model/schema-form.ts for which widget each
// property gets), in two modes. Without `editing`: read-only, a preview of the schema or a saved
// document's values (secrets as bullets); only a union's type selector works, to look at each
// alternative. With `editing`: Prefect's create and edit form: every widget takes input, lists
// grow and shrink, a union's tab chooses the alternative, a nested block is picked among the
// server's documents of its type, and Prefect's validation messages sit under their fields.
// Secrets are write-only: an edit shows none of them, and leaving one empty keeps it.
import { createContext, useContext, useEffect, useId, useMemo, useState } from 'react';
import { SECRET_MASK, type DocumentOption } from '../../shared/documents';
import { LosslessNumber, parseJson, type JsonObject, type JsonValue } from '../../shared/json';
import { withArticle } from '../model/format';
import { href } from '../model/routes';
import { schemaForm, type FormField, type FormWidget } from '../model/schema-form';
import { dottedPath, type ValuePath } from '../model/form-values';
import { JsonCodeEditor } from './JsonCodeEditor';
import { Markdown } from './Markdown';
import './SchemaForm.css';

/** Shown instead of a secret's value: the window never has one to show. */
const MASK = '••••••••';

/**
 * The block's own name, first in both of Prefect's create forms; in a preview it takes no input.
 * (An editable form's page holds its own, with Prefect's rule and the server's messages.)
 */
function BlockNameField({ idPrefix }: { idPrefix: string }) {
  const id = `${idPrefix}-block-name`;
  return (
    <div className="schema-form-field schema-form-block-name" data-field="(block name)">
      <div className="schema-form-label-row">
        <label className="schema-form-label" htmlFor={id}>
          Block Name
        </label>
        <span className="schema-form-tag schema-form-required">Required</span>
      </div>
      <input id={id} className="schema-form-input" readOnly value="" autoComplete="off" />
    </div>
  );
}

/** What an editable form needs from the page that holds its values. */
export interface FormEditing {
  onChange: (path: ValuePath, value: JsonValue | undefined) => void;
  onRemoveItem: (path: ValuePath, index: number) => void;
  /** Prefect's messages by dotted path. */
  errors: ReadonlyMap<string, readonly string[]>;
  /** The server's named documents, for the nested block pickers. */
  options: readonly DocumentOption[];
  /** Secret values the server keeps (an edit): the mask stands for each, and an empty input keeps it. */
  keptSecrets: ReadonlySet<string>;
  /** Where a nested block's "Add +" leads: a new document of that type on the same server. */
  newDocumentHref: (slug: string) => string;
  /** A JSON editor's text that does not parse (null once it does): the page does not save meanwhile. */
  onJsonProblem: (path: string, problem: string | null) => void;
}

const Editing = createContext<FormEditing | null>(null);
/** The documents a read-only form's pickers can name (those a saved document references). */
const Documents = createContext<readonly DocumentOption[]>([]);

function Help({ text }: { text: string | null }) {
  if (text === null || text.trim() === '') return null;
  return (
    <div className="schema-form-help">
      <Markdown>{text}</Markdown>
    </div>
  );
}

function Errors({ path }: { path: ValuePath }) {
  const editing = useContext(Editing);
  const messages = editing?.errors.get(dottedPath(path)) ?? [];
  if (messages.length === 0) return null;
  return (
    <ul className="schema-form-errors">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function TextWidget({ id, label, value, path }: { id: string; label: string | undefined; value: string | null; path: ValuePath }) {
  const editing = useContext(Editing);
  if (editing === null) return <textarea id={id} aria-label={label} className="schema-form-input" rows={1} readOnly value={value ?? ''} />;
  // An emptied text is the empty string: undefined would bring its default back into the input.
  return <textarea id={id} aria-label={label} className="schema-form-input" rows={1} value={value ?? ''} onChange={(event) => editing.onChange(path, event.target.value)} />;
}

function PasswordWidget({ id, label, value, path }: { id: string; label: string | undefined; value: string | null; path: ValuePath }) {
  const editing = useContext(Editing);
  if (editing === null) return <input id={id} aria-label={label} className="schema-form-input" type="password" autoComplete="off" readOnly value={value === null ? '' : MASK} />;
  const kept = editing.keptSecrets.has(dottedPath(path));
  return (
    <input
      id={id}
      aria-label={label}
      className="schema-form-input"
      type="password"
      autoComplete="new-password"
      // Write-only: a kept secret shows nothing of itself; typing replaces it, emptying keeps it.
      value={value === SECRET_MASK || value === null ? '' : value}
      placeholder={kept ? 'Saved (write-only): type to replace it' : undefined}
      onChange={(event) => editing.onChange(path, event.target.value === '' ? (kept ? SECRET_MASK : undefined) : event.target.value)}
    />
  );
}

function Union({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'union' }>; id: string; label: string; path: ValuePath }) {
  const editing = useContext(Editing);
  const [shown, setShown] = useState(widget.selected);
  // In an editable form the value decides (a tab seeds the value); in a preview the tab only shows.
  const selected = editing === null ? shown : widget.selected;
  const choose = (index: number): void => {
    if (editing === null) setShown(index);
    else if (index !== widget.selected) editing.onChange(path, widget.options[index]?.seed);
  };
  const option = widget.options[selected] ?? widget.options[0];
  if (option === undefined) return null;
  return (
    <div className="schema-form-union">
      <div role="tablist" aria-label={`Type of ${label}`} className="schema-form-tabs">
        {widget.options.map((candidate, index) => (
          <button
            key={index}
            type="button"
            role="tab"
            id={`${id}-tab-${index}`}
            aria-selected={index === selected}
            aria-controls={`${id}-panel`}
            tabIndex={index === selected ? 0 : -1}
            className="schema-form-tab"
            onClick={() => choose(index)}
            onKeyDown={(event) => {
              // Arrow keys move between the tabs, as a tablist does.
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              event.preventDefault();
              const next = (selected + step + widget.options.length) % widget.options.length;
              choose(next);
              document.getElementById(`${id}-tab-${next}`)?.focus();
            }}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${selected}`} className="schema-form-tabpanel">
        <Help text={option.description} />
        <Widget widget={option.widget} id={`${id}-option-${selected}`} label={`${label}: ${option.label}`} path={path} />
      </div>
    </div>
  );
}

function NumberWidget({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'number' }>; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  const common = {
    id,
    'aria-label': label,
    className: 'schema-form-input',
    type: 'number',
    step: widget.integer ? 1 : 'any',
    min: widget.minimum ?? undefined,
    max: widget.maximum ?? undefined,
  } as const;
  if (editing === null) return <input {...common} readOnly value={widget.value ?? ''} />;
  return (
    <input
      {...common}
      value={widget.value ?? ''}
      onChange={(event) => {
        const text = event.target.value.trim();
        // Kept as written (`1.0` stays a float): Prefect's validation then says what is wrong with it.
        editing.onChange(path, text === '' ? undefined : Number.isFinite(Number(text)) ? new LosslessNumber(text) : text);
      }}
    />
  );
}

function SelectWidget({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'select' }>; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  const valueOf = (text: string): JsonValue | undefined => widget.values[widget.options.indexOf(text)];
  if (widget.multiple) {
    return (
      <select
        id={id}
        aria-label={label}
        className="schema-form-input"
        multiple
        disabled={editing === null}
        value={widget.selected}
        size={Math.min(Math.max(widget.options.length, 2), 6)}
        onChange={(event) =>
          editing?.onChange(
            path,
            [...event.target.selectedOptions].flatMap((option) => valueOf(option.value) ?? []),
          )
        }
      >
        {widget.options.map((option, index) => (
          <option key={index} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  return (
    <select
      id={id}
      aria-label={label}
      className="schema-form-input"
      disabled={editing === null}
      value={widget.selected[0] ?? ''}
      onChange={(event) => editing?.onChange(path, event.target.value === '' ? undefined : valueOf(event.target.value))}
    >
      {(widget.selected.length === 0 || editing !== null) && <option value="">Select</option>}
      {widget.options.map((option, index) => (
        <option key={index} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

function BlockDocumentWidget({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'block-document' }>; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  const documents = useContext(Documents);
  const placeholder = `Select ${withArticle(widget.blockTypeSlug)} block document`;
  if (editing === null) {
    const named = documents.find((document) => document.id === widget.documentId);
    const shown = widget.documentId !== null ? (named?.name ?? 'A saved document') : widget.inline ? 'Written inline (not a saved document)' : placeholder;
    return (
      <div className="schema-form-block-document">
        <select id={id} aria-label={label} className="schema-form-input" disabled value="">
          <option value="">{shown}</option>
        </select>
        <button type="button" className="button button-small" disabled>
          Add +
        </button>
        <a href={href.blockType(widget.blockTypeSlug)} className="schema-form-block-link">
          <code className="slug">{widget.blockTypeSlug}</code>
        </a>
      </div>
    );
  }
  const choices = editing.options.filter((option) => option.block_type_slug === widget.blockTypeSlug);
  const INLINE = '__inline__';
  return (
    <div className="schema-form-block-document">
      <select
        id={id}
        aria-label={label}
        className="schema-form-input"
        value={widget.documentId ?? (widget.inline ? INLINE : '')}
        onChange={(event) => {
          const chosen = event.target.value;
          if (chosen === INLINE) return;
          editing.onChange(path, chosen === '' ? undefined : { $ref: { block_document_id: chosen } });
        }}
      >
        <option value="">{choices.length === 0 ? `No ${widget.blockTypeSlug} documents on this server` : placeholder}</option>
        {widget.inline && <option value={INLINE}>Written inline (not a saved document)</option>}
        {choices.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
      <a href={editing.newDocumentHref(widget.blockTypeSlug)} className="button button-small">
        Add +
      </a>
      <a href={href.blockType(widget.blockTypeSlug)} className="schema-form-block-link">
        <code className="slug">{widget.blockTypeSlug}</code>
      </a>
    </div>
  );
}

function JsonWidget({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'json' }>; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  const key = dottedPath(path);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A problem left behind when the editor goes away (another union alternative) no longer stops the save.
  useEffect(() => () => editing?.onJsonProblem(key, null), [editing, key]);
  const kept = widget.secret && editing?.keptSecrets.has(key) === true;
  if (editing === null || kept) {
    return (
      <div className="schema-form-json">
        <JsonCodeEditor id={id} label={label} readOnly value={widget.value === null ? '' : widget.secret ? MASK : widget.value} />
        {kept && <p className="schema-form-note">Saved (write-only): kept as it is</p>}
        {widget.note !== null && <p className="schema-form-note">{widget.note}</p>}
      </div>
    );
  }
  return (
    <div className="schema-form-json">
      <JsonCodeEditor
        id={id}
        label={label}
        readOnly={false}
        value={draft ?? widget.value ?? ''}
        invalid={problem !== null}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          if (text.trim() === '') {
            setProblem(null);
            editing.onJsonProblem(key, null);
            editing.onChange(path, undefined);
            return;
          }
          try {
            const value = parseJson(text);
            setProblem(null);
            editing.onJsonProblem(key, null);
            editing.onChange(path, value);
          } catch (error) {
            const message = error instanceof Error ? error.message : 'Invalid JSON';
            setProblem(message);
            editing.onJsonProblem(key, message);
          }
        }}
      />
      {problem !== null && <p className="schema-form-problem">{problem}</p>}
      {widget.note !== null && <p className="schema-form-note">{widget.note}</p>}
    </div>
  );
}

function ListWidget({ widget, id, label, path }: { widget: Extract<FormWidget, { kind: 'list' }>; id: string; label: string; path: ValuePath }) {
  const editing = useContext(Editing);
  const full = widget.maxItems !== null && widget.items.length >= widget.maxItems;
  return (
    <div className="schema-form-list" role="group" aria-label={label}>
      {widget.items.length === 0 && <p className="schema-form-note">No items in this list</p>}
      {widget.items.map((item, index) => (
        <div key={index} className="schema-form-list-item">
          <Widget widget={item} id={`${id}-${index}`} label={`${label} item ${index + 1}`} path={[...path, index]} />
          {editing !== null && (
            <button type="button" className="button button-small button-quiet" aria-label={`Remove ${label} item ${index + 1}`} onClick={() => editing.onRemoveItem(path, index)}>
              Remove
            </button>
          )}
          <Errors path={[...path, index]} />
        </div>
      ))}
      <div className="schema-form-list-actions">
        <button type="button" className="button button-small" disabled={editing === null || full} onClick={() => editing?.onChange([...path, widget.items.length], widget.newItem)}>
          Add item
        </button>
      </div>
    </div>
  );
}

/** A date or a date and time: text as the input gives it. */
function DateWidget({ type, value, id, label, path }: { type: 'date' | 'datetime-local'; value: string | null; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  if (editing === null) return <input id={id} aria-label={label} className="schema-form-input" type={type} readOnly value={value ?? ''} />;
  return (
    <input
      id={id}
      aria-label={label}
      className="schema-form-input"
      type={type}
      value={value ?? ''}
      onChange={(event) => editing.onChange(path, event.target.value === '' ? undefined : event.target.value)}
    />
  );
}

function TimeDeltaWidget({ value, id, label, path }: { value: string | null; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  return editing === null ? (
    <input id={id} aria-label={label} className="schema-form-input" type="number" min={0} placeholder="Duration in seconds" readOnly value={value ?? ''} />
  ) : (
    <input
      id={id}
      aria-label={label}
      className="schema-form-input"
      type="number"
      min={0}
      placeholder="Duration in seconds"
      value={value ?? ''}
      onChange={(event) => editing.onChange(path, event.target.value === '' ? undefined : event.target.value)}
    />
  );
}

function SwitchWidget({ value, id, label, path }: { value: boolean; id: string; label: string | undefined; path: ValuePath }) {
  const editing = useContext(Editing);
  return (
    // A switch as Prefect draws one (a track and a knob), its state said by role="switch" alone.
    <span className="schema-form-switch">
      <input
        id={id}
        aria-label={label}
        type="checkbox"
        role="switch"
        className="schema-form-switch-input"
        disabled={editing === null}
        checked={value}
        onChange={(event) => editing?.onChange(path, event.target.checked)}
        readOnly={editing === null}
      />
    </span>
  );
}

function Widget({ widget, id, label, labelled = false, path }: { widget: FormWidget; id: string; label: string; labelled?: boolean; path: ValuePath }) {
  // A control under the field's own <label> needs no aria-label; list items and alternatives do.
  const ariaLabel = labelled ? undefined : label;
  switch (widget.kind) {
    case 'text':
      return <TextWidget id={id} label={ariaLabel} value={widget.value} path={path} />;
    case 'password':
      return <PasswordWidget id={id} label={ariaLabel} value={widget.value} path={path} />;
    case 'date':
      return <DateWidget type="date" value={widget.value} id={id} label={ariaLabel} path={path} />;
    case 'date-time':
      return <DateWidget type="datetime-local" value={widget.value} id={id} label={ariaLabel} path={path} />;
    case 'time-delta':
      return <TimeDeltaWidget value={widget.value} id={id} label={ariaLabel} path={path} />;
    case 'number':
      return <NumberWidget widget={widget} id={id} label={ariaLabel} path={path} />;
    case 'switch':
      return <SwitchWidget value={widget.value} id={id} label={ariaLabel} path={path} />;
    case 'select':
      return <SelectWidget widget={widget} id={id} label={ariaLabel} path={path} />;
    case 'block-document':
      return <BlockDocumentWidget widget={widget} id={id} label={ariaLabel} path={path} />;
    case 'object':
      return (
        <div className="schema-form-object" role="group" aria-label={label}>
          <Fields fields={widget.fields} idPrefix={id} path={path} />
        </div>
      );
    case 'json':
      return <JsonWidget widget={widget} id={id} label={ariaLabel} path={path} />;
    case 'list':
      return <ListWidget widget={widget} id={id} label={label} path={path} />;
    case 'union':
      return <Union widget={widget} id={id} label={label} path={path} />;
    case 'null':
      return <p className="schema-form-note">Property is type &quot;None&quot;</p>;
  }
}

/** Controls that a <label for> can name (a group, a tablist or a note cannot). */
function isLabelable(widget: FormWidget): boolean {
  return !['object', 'list', 'union', 'null'].includes(widget.kind);
}

function Field({ field, idPrefix, path }: { field: FormField; idPrefix: string; path: ValuePath }) {
  const id = `${idPrefix}-${field.key}`;
  const labelable = isLabelable(field.widget);
  const LabelTag = labelable ? 'label' : 'span';
  const fieldPath = [...path, field.key];
  return (
    <div className="schema-form-field" data-field={field.path}>
      <div className="schema-form-label-row">
        <LabelTag className="schema-form-label" id={`${id}-label`} {...(labelable ? { htmlFor: id } : {})}>
          {field.required ? field.label : `${field.label} (Optional)`}
        </LabelTag>
        {field.required && <span className="schema-form-tag schema-form-required">Required</span>}
        {field.secret && <span className="schema-form-tag schema-form-secret">Secret</span>}
      </div>
      <Help text={field.description} />
      <Widget widget={field.widget} id={id} label={field.label} labelled={labelable} path={fieldPath} />
      <Errors path={fieldPath} />
    </div>
  );
}

function Fields({ fields, idPrefix, path }: { fields: readonly FormField[]; idPrefix: string; path: ValuePath }) {
  return (
    <div className="schema-form-fields">
      {fields.map((field) => (
        <Field key={field.key} field={field} idPrefix={idPrefix} path={path} />
      ))}
    </div>
  );
}

interface Props {
  /** The schema's parsed `fields`. */
  fields: JsonValue;
  /** Names the form for screen readers. */
  label: string;
  /** A document's values (secrets masked): shown in the widgets instead of the defaults. */
  values?: JsonObject;
  /** Makes the form editable (Prefect's create and edit form). */
  editing?: FormEditing;
  /** A read-only form's referenced documents, for its pickers to name. */
  documents?: readonly DocumentOption[];
}

const NO_DOCUMENTS: readonly DocumentOption[] = [];

export function SchemaForm({ fields, label, values, editing, documents = NO_DOCUMENTS }: Props) {
  const model = useMemo(() => schemaForm(fields, values), [fields, values]);
  const idPrefix = `form${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    // A landmark named as a form, not a <form>: the page that saves holds its own button, and the
    // window holds no <form> element at all (the hostile-content checks count one as a risk).
    <div className="schema-form" role="form" aria-label={label}>
      <Editing.Provider value={editing ?? null}>
        <Documents.Provider value={documents}>
          {editing === undefined && values === undefined && <BlockNameField idPrefix={idPrefix} />}
          {model.fields.length === 0 ? <p className="muted">This schema has no properties: the form is empty.</p> : <Fields fields={model.fields} idPrefix={idPrefix} path={[]} />}
        </Documents.Provider>
      </Editing.Provider>
    </div>
  );
}
