// Block documents (what Prefect users save and load: `S3Bucket.load("prod-data")`) as the window,
// the command line and main exchange them, and the pure rules about them: which values are secret
// (a schema's `secret_fields`), masking them as Prefect's API does, and whether a document can move
// to its type's newest schema. Secret values never appear in any of these shapes: a document's data
// crosses to the window and the terminal masked, as JSON text (numbers exact).
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from './json';
import type { SchemaDiffSummary } from './schema-diff';

/**
 * What Prefect's API answers in place of a secret value (`prefect.utilities.names.obfuscate`:
 * eight asterisks, whatever the value) when a document is read without `include_secrets`. A
 * PATCH that sends it back for a secret field keeps the stored value (Prefect's server does so).
 */
export const SECRET_MASK = '********';

/** A schema as a document names it. */
export interface DocumentSchemaRef {
  id: string;
  checksum: string;
  version: string;
}

/** Another document, as a reference names it: the field of the parent it sits under. */
export interface DocumentReference {
  /** The parent's top-level field (Prefect stores references on top-level keys only). */
  field: string;
  id: string;
  name: string;
  block_type_slug: string;
  is_anonymous: boolean;
}

/** One block document as the lists show it. */
export interface DocumentSummary {
  id: string;
  name: string;
  is_anonymous: boolean;
  block_type: { id: string; slug: string; name: string };
  /** The schema it was saved with. */
  schema: DocumentSchemaRef;
  /** The newest schema of its type on the same server; null when the server lists none of the type. */
  newest_schema: DocumentSchemaRef | null;
  /** Its schema's checksum is not the newest's: Prefect does not move a document to a newer schema. */
  outdated: boolean;
  /** What changed from its schema to the newest, field by field (only when outdated). */
  change: SchemaDiffSummary | null;
  created: string | null;
  updated: string | null;
  /** The documents it references, by field. */
  references: DocumentReference[];
  /** The documents that reference it (`field` is theirs). */
  referenced_by: DocumentReference[];
}

export interface DocumentListing {
  api_url: string;
  /** Ordered by type slug, then name. */
  documents: DocumentSummary[];
  /** Anonymous documents left out (none when they were asked for). */
  anonymous_hidden: number;
}

export interface DocumentDetail {
  api_url: string;
  summary: DocumentSummary;
  /** Its data with every secret value masked, as JSON text; a referenced document's data as the server inlines it. */
  data_json: string;
  /** Its schema's fields (JSON text). */
  fields_json: string;
  /** The schema's secret fields that hold a value in this document (never the value). */
  secret_fields: string[];
  /** The newest schema's fields when the document is outdated, for the upgrade's diff and form. */
  newest_fields_json: string | null;
}

/** A document named for a command: `TYPE/NAME` (a slug has no `/`, nor does a Prefect document name). */
export interface DocumentAddress {
  slug: string;
  name: string;
}

/** `s3-bucket/prod-data` → its slug and name; null when it is not of that form. */
export function parseDocumentAddress(text: string): DocumentAddress | null {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1 || text.indexOf('/', slash + 1) !== -1) return null;
  return { slug: text.slice(0, slash), name: text.slice(slash + 1) };
}

export function formatDocumentAddress(address: DocumentAddress): string {
  return `${address.slug}/${address.name}`;
}

/** The schema's `secret_fields`: dotted paths, `*` standing for every key at its level. */
export function secretFieldsOf(fields: JsonValue): string[] {
  const list = isJsonObject(fields) ? getOwn(fields, 'secret_fields') : undefined;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/** A secret value found in data: where, and what (kept in main only). */
export interface SecretValue {
  /** Dotted path, e.g. `credentials.password`. */
  path: string;
  value: JsonValue;
}

/**
 * Every value the secret fields cover: the value at an exact path (unless null), and every value
 * under a `*` (null included, as Prefect's server masks those). A secret path that holds an object
 * covers every value inside it (Prefect would show an object at an exact secret path as it is;
 * here it is masked too).
 */
export function secretValues(data: JsonObject, secretFields: readonly string[]): SecretValue[] {
  const found = new Map<string, SecretValue>();
  const leaves = (value: JsonValue, path: string, includeNull: boolean): void => {
    if (isJsonObject(value)) {
      for (const key of Object.keys(value)) leaves(value[key] as JsonValue, `${path}.${key}`, true);
      return;
    }
    if (value === null && !includeNull) return;
    found.set(path, { path, value });
  };
  for (const field of secretFields) {
    const segments = field.split('.');
    const wildcard = segments.indexOf('*');
    const prefix = wildcard === -1 ? segments : segments.slice(0, wildcard);
    let current: JsonValue | undefined = data;
    for (const segment of prefix) current = isJsonObject(current) ? getOwn(current, segment) : undefined;
    if (current === undefined) continue;
    const path = prefix.join('.');
    if (wildcard === -1) leaves(current, path, false);
    else if (isJsonObject(current)) for (const key of Object.keys(current)) leaves(current[key] as JsonValue, `${path}.${key}`, true);
  }
  return [...found.values()];
}

/** `data` with every value the secret fields cover replaced by SECRET_MASK (a copy; `data` is not changed). */
export function maskSecrets(data: JsonObject, secretFields: readonly string[]): JsonObject {
  const masked = cloneJson(data) as JsonObject;
  for (const { path } of secretValues(masked, secretFields)) setAt(masked, path.split('.'), SECRET_MASK);
  return masked;
}

/** A deep copy (a LosslessNumber is kept as it is: it never changes). */
function cloneJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isJsonObject(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, cloneJson(value[key] as JsonValue)]));
  return value;
}

function setAt(root: JsonObject, path: readonly string[], value: JsonValue): void {
  let current: JsonObject = root;
  for (const segment of path.slice(0, -1)) {
    const next = getOwn(current, segment);
    if (!isJsonObject(next)) return;
    current = next;
  }
  const last = path[path.length - 1];
  if (last !== undefined && Object.hasOwn(current, last)) current[last] = value;
}

/** What moving a document to its type's newest schema would do, or why it cannot. */
export interface UpgradePlan {
  /** Values the newest schema's defaults give to fields the document lacks (they are written with the move). */
  filled: JsonObject;
  /** Why it cannot move (a new required field without a default); empty when it can. */
  blockers: string[];
}

/**
 * The fields the newest schema requires that the document's data lacks: a default fills them (and
 * any other new field with a default), a required one without a default blocks the move: there is
 * no value Prefect could load it with.
 */
export function planUpgrade(data: JsonObject, newestFields: JsonValue): UpgradePlan {
  const properties = isJsonObject(newestFields) ? getOwn(newestFields, 'properties') : undefined;
  const requiredList = isJsonObject(newestFields) ? getOwn(newestFields, 'required') : undefined;
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((item): item is string => typeof item === 'string') : []);
  const filled: JsonObject = {};
  const blockers: string[] = [];
  if (!isJsonObject(properties)) return { filled, blockers };
  for (const name of Object.keys(properties)) {
    if (Object.hasOwn(data, name)) continue;
    const property = getOwn(properties, name);
    const fallback = isJsonObject(property) ? getOwn(property, 'default') : undefined;
    if (fallback !== undefined) filled[name] = cloneJson(fallback);
    else if (required.has(name)) blockers.push(`the newest schema requires '${name}', which this document has no value for and which has no default`);
  }
  return { filled, blockers };
}

/** What a copy does (or, in a preview, would do) with one document on the target. */
export type CopyAction = 'create' | 'update' | 'unchanged';

export interface CopiedDocument {
  /** `TYPE/NAME`, kept on the target. */
  address: string;
  source_id: string;
  /** The document on the target: null until it is created (a preview of a creation). */
  target_id: string | null;
  is_anonymous: boolean;
  action: CopyAction;
  /** What differs on the target (top-level fields, `schema`); secret fields are named, never their values. */
  changed_fields: string[];
  /** The secret fields holding a value in the source document (never the values). */
  secret_fields: string[];
  /** Named by the person; false for a document copied because one it names references it. */
  requested: boolean;
  schema: { block_type_slug: string; checksum: string; version: string };
}

/** How a schema the documents use gets onto the target: there already, pushed from this registry, or pulled from the source first. */
export type SchemaSupplyAction = 'present' | 'push' | 'pull-then-push';

export interface CopiedSchema {
  block_type_slug: string;
  checksum: string;
  version: string;
  action: SchemaSupplyAction;
}

/** A copy's plan (`dry_run`) or what it did: schemas first, then the documents, nested ones first. */
export interface CopyReport {
  from_url: string;
  to_url: string;
  dry_run: boolean;
  include_secrets: boolean;
  schemas: CopiedSchema[];
  /** In the order they are written: a document after those it references. */
  documents: CopiedDocument[];
  /** Why the copy is refused (secret values without consent), or null. Nothing is written then. */
  refusal: string | null;
  counts: { create: number; update: number; unchanged: number; schemas_pushed: number };
}

/** A document a nested block picker offers. */
export interface DocumentOption {
  id: string;
  name: string;
  block_type_slug: string;
}

/** Where the schema a new document is saved with comes from. */
export type FormSchemaSource = 'server' | 'registry';

/** What the window's document form needs: the schema to render, the documents its pickers offer, the document being edited. */
export interface DocumentForm {
  api_url: string;
  block_type: { slug: string; name: string };
  /** The type's newest schema on the server; this registry's newest when the server lacks the type (pushed first when saved). */
  schema: { checksum: string; version: string; source: FormSchemaSource };
  fields_json: string;
  /** The server's named documents (the pickers offer those of their type). */
  options: DocumentOption[];
  /** The document being edited (its data masked), or null for a new one. */
  document: DocumentDetail | null;
}

/** One of Prefect's validation messages, at a dotted path of the values (`''`: the document as a whole, `name`: its name). */
export interface FieldError {
  path: string;
  message: string;
}

export type SaveDocumentResult = { saved: true; id: string; schema_pushed: boolean } | { saved: false; errors: FieldError[] };

/**
 * Prefect UI's rule for a new document's name (its create page: letters, numbers and dashes) and
 * its own message, word for word; null when the name is acceptable. The server itself refuses only
 * `/ % & > <`.
 */
export function documentNameProblem(name: string): string | null {
  return /^[a-zA-Z0-9-]+$/.test(name) ? null : 'Name must only contain lowercase letters, numbers, and dashes';
}

/** Prefect UI's message for a name its type already has. */
export const NAME_TAKEN = 'A block with this name already exists for this block type';

/** How one value of a document compares across two servers. */
export type ValueComparison = 'same' | 'different' | 'only_left' | 'only_right' | 'secret_same' | 'secret_different' | 'secret_not_compared';

export interface ComparedValue {
  /** Dotted path of a value (objects are compared value by value; a list is one value). */
  path: string;
  /** The value on each side as compact JSON, secrets masked; null where the side has none. */
  left: string | null;
  right: string | null;
  comparison: ValueComparison;
}

export interface DocumentComparison {
  address: string;
  left: { api_url: string; id: string; schema: DocumentSchemaRef };
  /** null when the right server has no document of that type and name. */
  right: { api_url: string; id: string; schema: DocumentSchemaRef } | null;
  same_schema: boolean;
  /** Every value of either side, in the left document's order. */
  values: ComparedValue[];
  /** The references of each side, by field: the same when they name a document of the same type and name. */
  references: Array<{ field: string; left: string | null; right: string | null; same: boolean }>;
  /** Whether secret values were compared (by hash, in main, with consent). */
  secrets_compared: boolean;
  same: boolean;
}

/** Two servers' named documents side by side, by TYPE/NAME. */
export interface ServerDocumentsComparison {
  left_url: string;
  right_url: string;
  only_left: string[];
  only_right: string[];
  /** On both: whether schema and values (secrets not compared: masked on both sides) are the same. */
  both: Array<{ address: string; same_schema: boolean; same_values: boolean }>;
}

/** What upgrading a document to its type's newest schema does, or why it cannot. */
export interface UpgradePreview {
  api_url: string;
  address: string;
  id: string;
  from: DocumentSchemaRef;
  /** null when the document is on the newest already (nothing to do). */
  to: DocumentSchemaRef | null;
  change: SchemaDiffSummary | null;
  /** New fields given their defaults (names and the defaults as JSON). */
  filled: Array<{ field: string; value: string }>;
  /** Why it cannot move; empty when it can. */
  blockers: string[];
}
