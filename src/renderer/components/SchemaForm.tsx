// A read-only preview of the form Prefect's UI renders for a block schema (see model/schema-form.ts
// for which widget each property gets). Inputs are read-only or disabled: nothing here is a value
// anyone enters; only a union's type selector works, to look at each alternative.
import { useId, useMemo, useState } from 'react';
import type { JsonValue } from '../../shared/json';
import { href } from '../model/routes';
import { schemaForm, type FormField, type FormWidget } from '../model/schema-form';
import { Markdown } from './Markdown';
import './SchemaForm.css';

/** Shown instead of a secret's default: a preview never prints a secret. */
const MASK = '••••••••';

function Help({ text }: { text: string | null }) {
  if (text === null || text.trim() === '') return null;
  return (
    <div className="schema-form-help">
      <Markdown>{text}</Markdown>
    </div>
  );
}

function TextWidget({ id, label, value }: { id: string; label: string | undefined; value: string | null }) {
  return <textarea id={id} aria-label={label} className="schema-form-input" rows={1} readOnly value={value ?? ''} />;
}

function Union({ widget, id, label }: { widget: Extract<FormWidget, { kind: 'union' }>; id: string; label: string }) {
  const [selected, setSelected] = useState(widget.selected);
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
            onClick={() => setSelected(index)}
            onKeyDown={(event) => {
              // Arrow keys move between the tabs, as a tablist does.
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              event.preventDefault();
              const next = (selected + step + widget.options.length) % widget.options.length;
              setSelected(next);
              document.getElementById(`${id}-tab-${next}`)?.focus();
            }}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${selected}`} className="schema-form-tabpanel">
        <Help text={option.description} />
        <Widget widget={option.widget} id={`${id}-option-${selected}`} label={`${label}: ${option.label}`} />
      </div>
    </div>
  );
}

type WidgetOf<K extends FormWidget['kind']> = Extract<FormWidget, { kind: K }>;

/** The one-line inputs: text, password (masked), dates, durations and numbers. */
function InputWidget({ widget, id, ariaLabel }: { widget: WidgetOf<'text' | 'password' | 'date' | 'date-time' | 'time-delta' | 'number'>; id: string; ariaLabel: string | undefined }) {
  switch (widget.kind) {
    case 'text':
      return <TextWidget id={id} label={ariaLabel} value={widget.value} />;
    case 'password':
      return <input id={id} aria-label={ariaLabel} className="schema-form-input" type="password" autoComplete="off" readOnly value={widget.value === null ? '' : MASK} />;
    case 'date':
      return <input id={id} aria-label={ariaLabel} className="schema-form-input" type="date" readOnly value={widget.value ?? ''} />;
    case 'date-time':
      return <input id={id} aria-label={ariaLabel} className="schema-form-input" type="datetime-local" readOnly value={widget.value ?? ''} />;
    case 'time-delta':
      return <input id={id} aria-label={ariaLabel} className="schema-form-input" type="number" min={0} placeholder="Duration in seconds" readOnly value={widget.value ?? ''} />;
    case 'number':
      return (
        <input
          id={id}
          aria-label={ariaLabel}
          className="schema-form-input"
          type="number"
          step={widget.integer ? 1 : 'any'}
          min={widget.minimum ?? undefined}
          max={widget.maximum ?? undefined}
          readOnly
          value={widget.value ?? ''}
        />
      );
  }
}

function SelectWidget({ widget, id, ariaLabel }: { widget: WidgetOf<'select'>; id: string; ariaLabel: string | undefined }) {
  const options = widget.options.map((option, index) => (
    <option key={index} value={option}>
      {option}
    </option>
  ));
  return widget.multiple ? (
    <select id={id} aria-label={ariaLabel} className="schema-form-input" multiple disabled value={widget.selected} size={Math.min(Math.max(widget.options.length, 2), 6)}>
      {options}
    </select>
  ) : (
    <select id={id} aria-label={ariaLabel} className="schema-form-input" disabled value={widget.selected[0] ?? ''}>
      {widget.selected.length === 0 && <option value="">Select</option>}
      {options}
    </select>
  );
}

function BlockDocumentWidget({ widget, id, ariaLabel }: { widget: WidgetOf<'block-document'>; id: string; ariaLabel: string | undefined }) {
  return (
    <div className="schema-form-block-document">
      <select id={id} aria-label={ariaLabel} className="schema-form-input" disabled value="">
        <option value="">{`Select a ${widget.blockTypeSlug} block document`}</option>
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

function JsonWidget({ widget, id, ariaLabel }: { widget: WidgetOf<'json'>; id: string; ariaLabel: string | undefined }) {
  return (
    <div className="schema-form-json">
      <textarea
        id={id}
        aria-label={ariaLabel}
        className="schema-form-input schema-form-code"
        readOnly
        rows={Math.min(Math.max((widget.value ?? '').split('\n').length, 2), 12)}
        value={widget.value === null ? '' : widget.secret ? MASK : widget.value}
        placeholder="JSON"
        spellCheck={false}
      />
      {widget.note !== null && <p className="schema-form-note">{widget.note}</p>}
    </div>
  );
}

function ListWidget({ widget, id, label }: { widget: WidgetOf<'list'>; id: string; label: string }) {
  return (
    <div className="schema-form-list" role="group" aria-label={label}>
      {widget.items.length === 0 && <p className="schema-form-note">No items in this list</p>}
      {widget.items.map((item, index) => (
        <Widget key={index} widget={item} id={`${id}-${index}`} label={`${label} item ${index + 1}`} />
      ))}
      <div className="schema-form-list-actions">
        <button type="button" className="button button-small" disabled>
          Add item
        </button>
      </div>
    </div>
  );
}

function Widget({ widget, id, label, labelled = false }: { widget: FormWidget; id: string; label: string; labelled?: boolean }) {
  // A control under the field's own <label> needs no aria-label; list items and alternatives do.
  const ariaLabel = labelled ? undefined : label;
  switch (widget.kind) {
    case 'text':
    case 'password':
    case 'date':
    case 'date-time':
    case 'time-delta':
    case 'number':
      return <InputWidget widget={widget} id={id} ariaLabel={ariaLabel} />;
    case 'switch':
      return (
        <span className="schema-form-switch">
          <input id={id} aria-label={ariaLabel} type="checkbox" role="switch" disabled checked={widget.value} readOnly />
          <span aria-hidden="true">{widget.value ? 'On' : 'Off'}</span>
        </span>
      );
    case 'select':
      return <SelectWidget widget={widget} id={id} ariaLabel={ariaLabel} />;
    case 'block-document':
      return <BlockDocumentWidget widget={widget} id={id} ariaLabel={ariaLabel} />;
    case 'object':
      return (
        <div className="schema-form-object" role="group" aria-label={label}>
          <Fields fields={widget.fields} idPrefix={id} />
        </div>
      );
    case 'json':
      return <JsonWidget widget={widget} id={id} ariaLabel={ariaLabel} />;
    case 'list':
      return <ListWidget widget={widget} id={id} label={label} />;
    case 'union':
      return <Union widget={widget} id={id} label={label} />;
    case 'null':
      return <p className="schema-form-note">Property is type &quot;None&quot;</p>;
  }
}

/** Controls that a <label for> can name (a group, a tablist or a note cannot). */
function isLabelable(widget: FormWidget): boolean {
  return !['object', 'list', 'union', 'null'].includes(widget.kind);
}

function Field({ field, idPrefix }: { field: FormField; idPrefix: string }) {
  const id = `${idPrefix}-${field.key}`;
  const labelable = isLabelable(field.widget);
  const LabelTag = labelable ? 'label' : 'span';
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
      <Widget widget={field.widget} id={id} label={field.label} labelled={labelable} />
    </div>
  );
}

function Fields({ fields, idPrefix }: { fields: readonly FormField[]; idPrefix: string }) {
  return (
    <div className="schema-form-fields">
      {fields.map((field) => (
        <Field key={field.key} field={field} idPrefix={idPrefix} />
      ))}
    </div>
  );
}

/** The form of a schema's parsed `fields`; `label` names the form for screen readers. */
export function SchemaForm({ fields, label }: { fields: JsonValue; label: string }) {
  const model = useMemo(() => schemaForm(fields), [fields]);
  const idPrefix = `form${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    // A landmark named as a form, not a <form>: a preview has nothing to submit, and the window
    // holds no <form> element at all (the hostile-content checks count one as a risk).
    <div className="schema-form" role="form" aria-label={label}>
      {model.fields.length === 0 ? <p className="muted">This schema has no properties: the form is empty.</p> : <Fields fields={model.fields} idPrefix={idPrefix} />}
    </div>
  );
}
