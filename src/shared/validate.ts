// Validation of block input with Prefect's rules (`prefect/server/schemas/actions.py`
// BlockTypeCreate / BlockSchemaCreate and their validators): zod schemas, and errors that name
// the file, the JSON path and the rule.
import { z } from 'zod';
import { NON_VERSIONED, type BlockSchemaInput, type BlockTypeInput } from './blocks';
import { formatJsonPath, type RegistryIssue } from './errors';
import { blockSchemaChecksum } from './checksum';
import { acceptableName, prefectSlug, quoteValue, valueAt } from './issue-detail';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { MAX_FIELDS_DEPTH } from './limits';

const BLOCK_TYPE_NAME_PATTERN = /^[^/%&><]+$/;
/** Prefect's `BlockTypeCreate` slug rule; unlike Prefect we also refuse the empty slug. */
const BLOCK_TYPE_SLUG_PATTERN = /^[a-z0-9-]+$/;
const CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** In `u` mode a surrogate pair is one code point: what still matches is a lone (unpaired) surrogate. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string that can be stored: a lone surrogate (legal in JSON's `\uD800` escapes and in
 * JavaScript strings) has no UTF-8 form, so SQLite would store bytes no other reader can decode.
 */
const text = (error = 'must be a string') =>
  z.string({ error }).refine((value) => !LONE_SURROGATE.test(value), {
    error: (issue) => `contains a lone surrogate (${describeLoneSurrogate(String(issue.input))}), which has no UTF-8 form: fix the \\u escape in the file`,
  });

function describeLoneSurrogate(value: string): string {
  const match = LONE_SURROGATE.exec(value);
  const unit = match === null ? 0 : (match[0].codePointAt(0) ?? 0);
  return `\\u${unit.toString(16).toUpperCase().padStart(4, '0')} at character ${(match?.index ?? 0) + 1}`;
}

const optionalText = text()
  .nullable()
  .optional()
  .transform((value) => value ?? null);
// Prefect normalises URLs only with str(value).strip().
const optionalUrl = text()
  .nullable()
  .optional()
  .transform((value) => (value === null || value === undefined ? null : value.trim()));

const blockTypeInputSchema = z.object({
  name: text().regex(BLOCK_TYPE_NAME_PATTERN, {
    error: 'Block type name must not be empty nor contain any of / % & > <',
  }),
  slug: z.string({ error: 'must be a string' }).regex(BLOCK_TYPE_SLUG_PATTERN, {
    error: 'Block type slug must only contain lowercase letters, numbers, and dashes.',
  }),
  logo_url: optionalUrl,
  documentation_url: optionalUrl,
  description: optionalText,
  code_example: optionalText,
});

const jsonObject = z.custom<JsonObject>((value) => isJsonObject(value), { error: 'must be a JSON object' });

const referenceEntry = z.object({
  block_type_slug: z.string({ error: 'block_type_slug must be a string' }),
  block_schema_checksum: z.string({ error: 'block_schema_checksum must be a string' }).regex(CHECKSUM_PATTERN, {
    error: 'block_schema_checksum must be "sha256:" followed by 64 lowercase hex digits',
  }),
});

/** Levels from `value` down to its deepest value, both included (a scalar is 1), as the JSON reader counts them. */
function nestingDepth(value: JsonValue): number {
  let deepest = 0;
  if (Array.isArray(value)) for (const item of value) deepest = Math.max(deepest, nestingDepth(item));
  else if (isJsonObject(value)) for (const item of Object.values(value)) deepest = Math.max(deepest, nestingDepth(item));
  return deepest + 1;
}

/** Checks a `block_schema_references` object (property -> entry, or list of entries), its issues under `at`. */
function checkReferences(references: JsonValue, context: z.RefinementCtx, at: Array<string | number>): void {
  if (!isJsonObject(references)) {
    context.addIssue({ code: 'custom', path: at, message: 'must be a JSON object' });
    return;
  }
  for (const [name, value] of Object.entries(references)) {
    const entries = Array.isArray(value) ? value : [value];
    entries.forEach((entry, index) => {
      const result = referenceEntry.safeParse(entry);
      if (result.success) return;
      for (const issue of result.error.issues) {
        const path = Array.isArray(value) ? [...at, name, index, ...issue.path] : [...at, name, ...issue.path];
        context.addIssue({ code: 'custom', path: path.map(toPathKey), message: issue.message });
      }
    });
  }
}

const schemaFields = jsonObject.superRefine((fields, context) => {
  const depth = nestingDepth(fields);
  if (depth > MAX_FIELDS_DEPTH) {
    context.addIssue({ code: 'custom', message: `nested ${depth} levels deep, over the limit of ${MAX_FIELDS_DEPTH} (so that an export of it can be read back)` });
  }
  const references = fields.block_schema_references;
  if (references !== undefined) checkReferences(references, context, ['block_schema_references']);
});

const checksumText = z.string({ error: 'must be a string' }).regex(CHECKSUM_PATTERN, { error: 'must be "sha256:" followed by 64 lowercase hex digits' });

const blockSchemaInputSchema = z.object({
  checksum: checksumText.nullable().optional(),
  fields: schemaFields.optional(),
  capabilities: z.array(text(), { error: 'must be a list of strings' }).optional(),
  version: text().min(1, { error: 'must not be empty' }).optional(),
});

/**
 * What this app's own export adds to a schema (docs/decisions/checksum-identity.md): the nested
 * schemas it links when they differ from those its fields record, and `read_back: "lossy"` for a
 * server's read-back kept under the server's checksum (which the fields do not reproduce).
 */
const exportedSchemaExtras = z
  .object({
    references: jsonObject.superRefine((references, context) => checkReferences(references, context, [])).optional(),
    read_back: z.literal('lossy', { error: 'must be "lossy" (a server\'s read-back kept under its checksum), or left out' }).optional(),
    checksum: z.unknown().optional(),
  })
  .superRefine((extras, context) => {
    if (extras.read_back === 'lossy' && typeof extras.checksum !== 'string') {
      context.addIssue({ code: 'custom', path: ['checksum'], message: 'a schema kept under its checksum ("read_back": "lossy") must record it' });
    }
  });

function toPathKey(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: RegistryIssue[] };

/** What would be valid for the key a problem is at, given the whole object; undefined when the rule says it all. */
type ExpectedFor = (key: string | number | undefined, object: JsonObject) => string | undefined;

function validate<T>(schema: z.ZodType<T>, value: JsonObject, file: string, path: ReadonlyArray<string | number>, expectedFor: ExpectedFor): ValidationResult<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const issuePath = issue.path.map(toPathKey);
      const found: RegistryIssue = { file, path: formatJsonPath([...path, ...issuePath]), message: issue.message };
      // The refused value itself (a missing key has none); a whole `fields` object is too big to be useful.
      const refused = valueAt(value, issuePath);
      if (refused !== undefined && issuePath.length > 0) found.value = quoteValue(refused);
      const expected = issuePath.length === 1 ? expectedFor(issuePath[0], value) : undefined;
      if (expected !== undefined) found.expected = expected;
      return found;
    }),
  };
}

/**
 * For a block type: a slug made from the name as Prefect makes one, a name without the refused
 * characters. A suggestion is offered only if the rule it is for accepts it, and it is not the
 * value refused: otherwise the rule alone is said.
 */
const expectedForBlockType: ExpectedFor = (key, object) => {
  const { name, slug } = object;
  if (key === 'slug') {
    const suggestion = prefectSlug(typeof name === 'string' ? name : typeof slug === 'string' ? slug : '');
    const valid = suggestion !== slug && blockTypeInputSchema.shape.slug.safeParse(suggestion).success;
    return valid ? `suggested slug: ${quoteValue(suggestion)}` : 'lowercase letters, numbers and dashes, e.g. "my-block"';
  }
  if (key === 'name') {
    const suggestion = typeof name === 'string' ? acceptableName(name) : '';
    const valid = suggestion !== name && blockTypeInputSchema.shape.name.safeParse(suggestion).success;
    return valid ? `suggested name: ${quoteValue(suggestion)}` : 'a non-empty name without / % & > <, e.g. "My Block"';
  }
  if (key === 'logo_url' || key === 'documentation_url') return 'a URL as a string, or null';
  if (key === 'description' || key === 'code_example') return 'a string (Markdown), or null';
  return undefined;
};

/** For a block schema: the checksum of its own fields, a version, capabilities as Prefect writes them. */
const expectedForBlockSchema: ExpectedFor = (key, object) => {
  if (key === 'checksum') return isJsonObject(object.fields) ? `the checksum of these fields: ${blockSchemaChecksum(object.fields)}, or leave it out` : 'leave it out: it is computed from the fields';
  if (key === 'version') return 'a version such as "1.0.0", or leave it out (then "non-versioned")';
  if (key === 'capabilities') return 'a list of strings, e.g. ["read-path", "write-path"]';
  if (key === 'fields') return 'a JSON schema object, as Prefect\'s schema fields: {"title": …, "type": "object", "properties": {…}}';
  return undefined;
};

const protection = z.object({ is_protected: z.boolean({ error: 'must be true or false' }).optional() });

/**
 * `protection`: the entry's `is_protected` counts (Prefect's catalogue reader creates a catalogue
 * entry's type protected when it says so); elsewhere a type is never created protected by a file.
 */
export function validateBlockTypeInput(value: JsonValue, file: string, path: ReadonlyArray<string | number>, options: { protection?: boolean } = {}): ValidationResult<BlockTypeInput> {
  if (!isJsonObject(value)) return { ok: false, issues: [{ file, path: formatJsonPath(path), message: 'a block type must be a JSON object' }] };
  const result = validate(blockTypeInputSchema, value, file, path, expectedForBlockType);
  if (!result.ok) return result;
  if (options.protection !== true) return { ok: true, value: { ...result.value, is_protected: false } };
  const flag = validate(protection, value, file, path, () => 'true or false, or leave it out (then false)');
  return flag.ok ? { ok: true, value: { ...result.value, is_protected: flag.value.is_protected ?? false } } : flag;
}

/** `exported`: the schema comes from this app's own export, whose `references` and `read_back` count. */
export function validateBlockSchemaInput(value: JsonValue, file: string, path: ReadonlyArray<string | number>, options: { exported?: boolean } = {}): ValidationResult<BlockSchemaInput> {
  if (!isJsonObject(value)) return { ok: false, issues: [{ file, path: formatJsonPath(path), message: 'a block schema must be a JSON object' }] };
  const result = validate(blockSchemaInputSchema, value, file, path, expectedForBlockSchema);
  if (!result.ok) return result;
  const input: BlockSchemaInput = {
    checksum: result.value.checksum ?? null,
    fields: result.value.fields ?? {},
    capabilities: result.value.capabilities ?? [],
    version: result.value.version ?? NON_VERSIONED,
  };
  if (options.exported !== true) return { ok: true, value: input };
  const extras = validate(exportedSchemaExtras, value, file, path, () => undefined);
  if (!extras.ok) return extras;
  if (extras.value.references !== undefined) input.links = extras.value.references;
  if (extras.value.read_back === 'lossy') input.keepChecksum = true;
  return { ok: true, value: input };
}
