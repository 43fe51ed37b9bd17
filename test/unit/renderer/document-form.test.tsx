// @vitest-environment happy-dom
// Prefect's form made editable (components/SchemaForm.tsx with `editing`): every widget of the
// every-widget schema takes input and hands the page the value as a block document holds it
// (numbers exact, a union's alternative seeded, list items added and removed, a nested block as
// its reference, JSON parsed), Prefect's messages sit under their fields, and secrets are
// write-only (a kept one shows nothing and stays the mask when left empty).
import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SchemaForm, type FormEditing } from '../../../src/renderer/components/SchemaForm';
import { dottedPath, removeItemAt, setValueAt } from '../../../src/renderer/model/form-values';
import { SECRET_MASK } from '../../../src/shared/documents';
import { getOwn, isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../../src/shared/json';

const entry = parseJson(readFileSync('test/fixtures/every-widget.json', 'utf8'));
const FIELDS = isJsonObject(entry) && isJsonObject(getOwn(entry, 'block_schema')) ? (getOwn(getOwn(entry, 'block_schema') as JsonObject, 'fields') as JsonObject) : {};

afterEach(cleanup);

/** The form as a page holds it: the values in state, each change applied, the last values kept for the test. */
function Harness({ initial, errors = new Map(), kept = new Set(), onValues }: { initial: JsonObject; errors?: Map<string, string[]>; kept?: Set<string>; onValues: (values: JsonObject) => void }) {
  const [values, setValues] = useState<JsonObject>(initial);
  const update = (next: JsonObject): void => {
    setValues(next);
    onValues(next);
  };
  const editing: FormEditing = {
    onChange: (path, value) => update(setValueAt(values, path, value)),
    onRemoveItem: (path, index) => update(removeItemAt(values, path, index)),
    errors,
    options: [
      { id: 'doc-1', name: 'prod-aws', block_type_slug: 'aws-credentials' },
      { id: 'doc-2', name: 'other-type', block_type_slug: 'slack-webhook' },
    ],
    keptSecrets: kept,
    newDocumentHref: (slug) => `#/new/${slug}`,
    onJsonProblem: () => undefined,
  };
  return <SchemaForm fields={FIELDS} label="New Every Widget block" values={values} editing={editing} />;
}

function renderForm(initial: JsonObject = {}, options: { errors?: Map<string, string[]>; kept?: Set<string> } = {}) {
  let last: JsonObject = initial;
  render(<Harness initial={initial} errors={options.errors} kept={options.kept} onValues={(values) => (last = values)} />);
  return { values: (): JsonObject => last, user: userEvent.setup() };
}

const text = (values: JsonObject, key: string): string | undefined => {
  const value = getOwn(values, key);
  return value === undefined ? undefined : stringifyJson(value as JsonValue);
};

describe('the editable form', () => {
  it('takes text, numbers as written, switches, selects, dates and JSON', async () => {
    const { values, user } = renderForm();
    const form = screen.getByRole('form', { name: 'New Every Widget block' });
    await user.type(within(form).getByLabelText('Name'), 'prod');
    fireEvent.change(within(form).getByLabelText('Ratio (Optional)'), { target: { value: '1.0' } });
    await user.click(within(form).getByLabelText('Verbose (Optional)'));
    await user.selectOptions(within(form).getByLabelText('Region (Optional)'), 'us-east-1');
    fireEvent.change(within(form).getByLabelText('Start Date (Optional)'), { target: { value: '2026-12-07' } });
    fireEvent.change(within(form).getByLabelText('Extra (Optional)'), { target: { value: '{"a": 1.50}' } });
    expect(text(values(), 'name')).toBe('"prod"');
    // `1.0` stays a float, as Python reads it; `1.50` inside JSON keeps its text too.
    expect(text(values(), 'ratio')).toBe('1.0');
    expect(text(values(), 'verbose')).toBe('false');
    expect(text(values(), 'region')).toBe('"us-east-1"');
    expect(text(values(), 'start_date')).toBe('"2026-12-07"');
    expect(text(values(), 'extra')).toBe('{"a":1.50}');
  });

  it("chooses a union's alternative, grows and shrinks a list, picks a nested block among the server's documents of its type", async () => {
    const { values, user } = renderForm({ tags: ['alpha', 'beta'] });
    const form = screen.getByRole('form', { name: 'New Every Widget block' });
    // Timeout: int | None, None by default; choosing int seeds 0, which the form then shows.
    await user.click(within(form).getByRole('tab', { name: 'int' }));
    expect(text(values(), 'timeout')).toBe('0');
    expect(within(form).getByRole('tab', { name: 'int' }).getAttribute('aria-selected')).toBe('true');
    const tags = within(form).getByRole('group', { name: 'Tags' });
    await user.click(within(tags).getByRole('button', { name: 'Add item' }));
    expect(text(values(), 'tags')).toBe('["alpha","beta",""]');
    await user.click(within(tags).getByRole('button', { name: 'Remove Tags item 1' }));
    expect(text(values(), 'tags')).toBe('["beta",""]');
    const picker = within(form).getByRole('combobox', { name: /^Credentials/ });
    // Only that type's documents are offered.
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Select an aws-credentials block document', 'prod-aws']);
    await user.selectOptions(picker, 'doc-1');
    expect(text(values(), 'credentials')).toBe('{"$ref":{"block_document_id":"doc-1"}}');
    expect(within(form).getByRole('link', { name: 'Add +' }).getAttribute('href')).toBe('#/new/aws-credentials');
  });

  it("shows Prefect's messages under their fields", () => {
    renderForm({}, { errors: new Map([[dottedPath(['api_key']), ["'api_key' is a required property"]]]) });
    const field = screen.getByLabelText('API Key').closest('.schema-form-field') as HTMLElement;
    expect(within(field).getByRole('listitem').textContent).toBe("'api_key' is a required property");
  });

  it('keeps secrets write-only: a kept one shows nothing, stays the mask when left empty, and typed replaces it', async () => {
    const { values, user } = renderForm({ name: 'x', api_key: SECRET_MASK }, { kept: new Set(['api_key']) });
    const input = screen.getByLabelText('API Key') as HTMLInputElement;
    expect(input.value).toBe('');
    expect(input.placeholder).toBe('Saved (write-only): type to replace it');
    await user.type(input, 'n');
    expect(text(values(), 'api_key')).toBe('"n"');
    await user.clear(input);
    expect(text(values(), 'api_key')).toBe(`"${SECRET_MASK}"`);
    expect(document.body.innerHTML).not.toContain(SECRET_MASK);
  });
});
