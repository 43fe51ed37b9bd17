// What a Prefect server's client sent, restored from what the server reads back
// (docs/decisions/checksum-identity.md). A server stores a schema's fields without the block
// definitions and rebuilds them on read from the nested schemas it links, so its read-back is not
// always what was registered, and then does not reproduce the checksum the server stores:
// - a union's children come back in the order they were created, not the order recorded
//   (prefect-aws's `s3-bucket`: `credentials`);
// - block definitions that no reference covers are lost (prefect-dbt's `dbt-cli-profile` and
//   `dbt-core-operation`: `target_configs` is a union of blocks without references), and with them
//   the reach of the non-block definitions they use, which the checksum counts;
// - a child the server created from its parent's definitions was hashed with the root's whole
//   definitions map, which its read-back no longer holds;
// - a parent whose child the server created that way links a child of another checksum than the
//   one the parent records;
// - a parent that carried an older copy of a child's definition (a hand-merged file) reads back
//   with the child as registered, which may reach non-block definitions the copy did not;
// - same-titled definitions (a block nesting an older version of its own type) read back as the
//   children's merge leaves them, not as the client sent them;
// - a model only a `Dict[str, Model]` field names (Prefect removes that `$ref`) is not stored, and
//   the models it referred to are then referred to by nothing, so the checksum stops counting them.
// Each repair is a guess checked by the checksum itself: fields are called restored only when
// they give the server's checksum, and then a Prefect server given them stores exactly that schema.
import type { RegistrationEntry } from '../../shared/formats';
import type { Repair } from '../../shared/read-back-repairs';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../../shared/json';
import { blockSchemaChecksum, nonBlockDefinitions } from './checksum';
import { serverChecksum } from './block-schemas';
import { childDefinition, referenceEntries } from './nested-blocks';

export interface ReadBack {
  /** The server's checksum: the schema's identity there. */
  checksum: string;
  /** The block type's slug. */
  slug: string;
  /** The fields as the server reads them back. */
  fields: JsonObject;
}

export type { Repair } from '../../shared/read-back-repairs';

export type Restoration =
  /** `fields` give the server's checksum: what a client sends to register this schema. */
  | { exact: true; fields: JsonObject; links: JsonObject | undefined; repairs: Repair[] }
  /** Nothing tried gives the server's checksum: the read-back as it is. */
  | { exact: false; fields: JsonObject; links: undefined; repairs: Repair[] };

/** Guesses tried per schema, at most: each costs one checksum. */
const MAX_ATTEMPTS = 4096;
/** Guesses tried for a whole read (a server whose every schema resists must not cost hours), at most. */
const MAX_TOTAL_ATTEMPTS = 100_000;
/** Candidates tried for one lost definition. */
const MAX_CANDIDATES_PER_DEFINITION = 4;
/** Orders tried for one union's references (5! = 120). */
const MAX_UNION_LENGTH_PERMUTED = 5;

/**
 * The client fields of each read-back, in the same order. `extra` are more schemas of the same
 * server (fields as read back) whose definitions a lost definition may be restored from.
 */
export function restoreClientFields(readBacks: readonly ReadBack[], extra: readonly JsonObject[] = []): Restoration[] {
  const restored: Array<Restoration | undefined> = readBacks.map((readBack) =>
    blockSchemaChecksum(readBack.fields) === readBack.checksum ? { exact: true, fields: readBack.fields, links: undefined, repairs: [] } : undefined,
  );
  const budget = { left: MAX_TOTAL_ATTEMPTS };
  // Each pass may restore schemas whose definitions restore others (a parent's from its children's);
  // the last resort only once the faithful repairs make no more progress.
  for (const lastResort of [false, true]) {
    for (let progress = true; progress && restored.includes(undefined) && budget.left > 0;) {
      progress = false;
      const definitions = definitionPool(readBacks, restored, extra);
      const roots = restored.flatMap((restoration) => (restoration?.exact === true ? [restoration.fields] : []));
      readBacks.forEach((readBack, index) => {
        if (restored[index] !== undefined || budget.left <= 0) return;
        const found = restore(readBack, definitions, roots, budget, lastResort);
        if (found === null) return;
        restored[index] = found;
        progress = true;
      });
    }
  }
  return restored.map((restoration, index) => restoration ?? { exact: false, fields: (readBacks[index] as ReadBack).fields, links: undefined, repairs: [] });
}

export interface RestoredEntries {
  /** The entries, each restored one with its client's fields (and the links the source stored). */
  entries: RegistrationEntry[];
  /** The entries restored, with the repairs that did it. */
  restored: Array<{ entry: RegistrationEntry; repairs: Repair[] }>;
  /** Entries whose recorded checksum their fields do not give and nothing restored. */
  unrestored: RegistrationEntry[];
}

/**
 * Entries read back from a Prefect server (a pull, or a file of `GET /block_schemas` answers),
 * each whose fields do not give the checksum it records restored where a repair finds what its
 * client sent. One not restored stays as it is, or, with `keepChecksums` (a server: its checksum
 * is the schema's identity there), keeps that checksum (BlockSchemaInput.keepChecksum).
 */
export function restoreEntries(entries: readonly RegistrationEntry[], options: { keepChecksums: boolean; extra?: readonly JsonObject[] }): RestoredEntries {
  const withSchemas = entries.flatMap((entry) => (entry.blockSchema === null ? [] : [{ entry, schema: entry.blockSchema }]));
  const restorations = restoreClientFields(
    withSchemas.map(({ entry, schema }) => ({ checksum: schema.checksum ?? blockSchemaChecksum(schema.fields), slug: entry.blockType.slug, fields: schema.fields })),
    options.extra,
  );
  const replaced = new Map<RegistrationEntry, RegistrationEntry>();
  const restored: RestoredEntries['restored'] = [];
  const unrestored: RegistrationEntry[] = [];
  withSchemas.forEach(({ entry, schema }, index) => {
    const restoration = restorations[index] as Restoration;
    if (restoration.exact && restoration.repairs.length === 0) return;
    if (restoration.exact) {
      const next = { ...entry, blockSchema: { ...schema, fields: restoration.fields, ...(restoration.links === undefined ? {} : { links: restoration.links }) } };
      replaced.set(entry, next);
      restored.push({ entry: next, repairs: restoration.repairs });
      return;
    }
    const kept = options.keepChecksums ? { ...entry, blockSchema: { ...schema, keepChecksum: true } } : entry;
    replaced.set(entry, kept);
    unrestored.push(kept);
  });
  return { entries: entries.map((entry) => replaced.get(entry) ?? entry), restored, unrestored };
}

/** Every definition a lost one could be, by its key: restored fields first, read-backs after, each text once. */
function definitionPool(readBacks: readonly ReadBack[], restored: ReadonlyArray<Restoration | undefined>, extra: readonly JsonObject[]): Map<string, JsonObject[]> {
  const pool = new Map<string, JsonObject[]>();
  const seen = new Set<string>();
  const add = (key: string, definition: JsonObject): void => {
    const text = `${key}\u0000${JSON.stringify(definition)}`;
    if (seen.has(text)) return;
    seen.add(text);
    pool.set(key, [...(pool.get(key) ?? []), definition]);
  };
  const addSchema = (fields: JsonObject): void => {
    // A block nested in a parent is its own schema without `definitions`, under its title.
    const { definitions, ...own } = fields;
    if (typeof own.title === 'string') add(own.title, own);
    if (isJsonObject(definitions)) for (const [key, definition] of Object.entries(definitions)) if (isJsonObject(definition)) add(key, definition);
  };
  restored.forEach((restoration) => restoration?.exact === true && addSchema(restoration.fields));
  readBacks.forEach((readBack) => addSchema(readBack.fields));
  extra.forEach(addSchema);
  return pool;
}

/**
 * The first guess that gives the server's checksum, or null. `lastResort` adds the guesses that
 * put in what no client wrote (a definition holding orphaned ones): tried only once the others,
 * which bring back what the client sent, restore nothing more.
 */
function restore(readBack: ReadBack, pool: Map<string, JsonObject[]>, roots: readonly JsonObject[], budget: { left: number }, lastResort: boolean): Restoration | null {
  const limit = Math.min(MAX_ATTEMPTS, budget.left);
  let attempts = 0;
  const found = (candidate: JsonObject, repairs: Repair[]): Restoration | null => {
    attempts += 1;
    budget.left -= 1;
    if (blockSchemaChecksum(candidate) !== readBack.checksum) return null;
    const linked = readBack.fields.block_schema_references ?? {};
    const links = jsonEqual(linked, candidate.block_schema_references ?? {}) ? undefined : (linked as JsonObject);
    return { exact: true, fields: candidate, links, repairs };
  };
  for (const { fields: filled, repairs: fillRepairs } of chain(withLostDefinitions(readBack.fields, pool), withOtherBlockDefinitions(readBack.fields, pool))) {
    for (const { fields: held, repairs: heldRepairs } of lastResort ? withOrphansHeld(filled) : oneGuess(filled)) {
      for (const { fields: relinked, repairs: linkRepairs } of withChildChecksums(held)) {
        for (const { fields: ordered, repairs: orderRepairs } of inReferenceOrders(relinked)) {
          if (attempts >= limit) return null;
          const restoration = found(ordered, [...fillRepairs, ...heldRepairs, ...linkRepairs, ...orderRepairs]);
          if (restoration !== null) return restoration;
        }
      }
    }
  }
  // A child the server created from a root's definitions: the child's definition in that root,
  // with the root's whole map, as the server hashed it.
  for (const root of roots) {
    const definitions = root.definitions;
    if (!isJsonObject(definitions)) continue;
    for (const definition of Object.values(definitions)) {
      if (!isJsonObject(definition) || definition.block_type_slug !== readBack.slug || attempts >= limit) continue;
      const restoration = found({ ...definition, definitions }, ['root-definitions']);
      if (restoration !== null) return restoration;
    }
  }
  // A parent that carried an older copy of a child's definition: the child as registered reaches
  // non-block definitions the copy did not, which the parent's checksum does not count.
  // Also where same-titled definitions collided (an older copy of one child beside another child).
  for (const { fields: base, repairs } of chain(oneGuess(readBack.fields), withOtherBlockDefinitions(readBack.fields, pool))) {
    for (const candidate of withoutReachThroughBlocks(base)) {
      if (attempts >= limit) return null;
      const restoration = found(candidate, [...repairs, 'stale-definitions']);
      if (restoration !== null) return restoration;
    }
  }
  return null;
}

/**
 * The fields with some of the non-block definitions that only block definitions reach made
 * unreachable (those references inside the block definitions emptied), fewest first. The
 * checksum counts the non-block definitions reached, not the block definitions' own text, and a
 * server stores only the former: fields that give its checksum this way make it store the same row.
 */
function* withoutReachThroughBlocks(fields: JsonObject): Generator<JsonObject> {
  const definitions = fields.definitions;
  if (!isJsonObject(definitions)) return;
  const isBlock = (definition: JsonValue | undefined): boolean => isJsonObject(definition) && definition.block_type_slug !== undefined && definition.block_type_slug !== null;
  const { definitions: _, ...own } = fields;
  // What the fields reach without going through a block definition.
  const direct = new Set<string>();
  const visit = (value: JsonValue): void => {
    for (const ref of refsIn(value)) {
      const key = ref.replace('#/definitions/', '');
      const definition = definitions[key];
      if (direct.has(key) || definition === undefined || isBlock(definition)) continue;
      direct.add(key);
      visit(definition);
    }
  };
  visit(own);
  const throughBlocks = new Set<string>();
  for (const definition of Object.values(definitions)) {
    if (!isBlock(definition)) continue;
    for (const ref of refsIn(definition)) {
      const key = ref.replace('#/definitions/', '');
      if (!direct.has(key) && !isBlock(definitions[key]) && definitions[key] !== undefined) throughBlocks.add(key);
    }
  }
  const keys = [...throughBlocks].sort();
  for (let size = 1; size <= keys.length; size++) {
    for (const dropped of combinations(keys, size)) {
      const unreached = new Set(dropped.map((key) => `#/definitions/${key}`));
      const pruned: JsonObject = {};
      for (const [key, definition] of Object.entries(definitions)) pruned[key] = isBlock(definition) ? withoutRefs(definition, unreached) : definition;
      yield { ...fields, definitions: pruned };
    }
  }
}

/** `value` with every object that refers to one of `refs` emptied. */
function withoutRefs(value: JsonValue, refs: ReadonlySet<string>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => withoutRefs(item, refs));
  if (!isJsonObject(value)) return value;
  if (typeof value.$ref === 'string' && refs.has(value.$ref)) return {};
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) copy[key] = withoutRefs(item, refs);
  return copy;
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let index = start; index <= items.length - size; index++) for (const rest of combinations(items, size - 1, index + 1)) yield [items[index] as T, ...rest];
}

interface Guess {
  fields: JsonObject;
  repairs: Repair[];
}

/**
 * The fields as read, then with every definition a `$ref` names but the fields lack taken from
 * the pool (each choice of candidates, a few per definition), until nothing is missing.
 */
function* withLostDefinitions(fields: JsonObject, pool: Map<string, JsonObject[]>): Generator<Guess> {
  yield { fields, repairs: [] };
  const fill = function* (definitions: JsonObject): Generator<JsonObject> {
    const lost = lostDefinitionKeys(fields, definitions).filter((key) => pool.has(key));
    const [key] = lost;
    if (key === undefined) {
      yield definitions;
      return;
    }
    for (const candidate of (pool.get(key) ?? []).slice(0, MAX_CANDIDATES_PER_DEFINITION)) yield* fill({ ...definitions, [key]: candidate });
  };
  const own = isJsonObject(fields.definitions) ? fields.definitions : {};
  if (lostDefinitionKeys(fields, own).every((key) => !pool.has(key))) return;
  for (const definitions of fill(own)) yield { fields: { ...fields, definitions }, repairs: ['lost-definitions'] };
}

/**
 * The fields with block definitions replaced by others of the same key from the pool: where
 * same-titled definitions collided (a block nesting an older version of its own type), a read-back
 * rebuilds the one the children's merge puts last, which need not be the one the client sent.
 */
function* withOtherBlockDefinitions(fields: JsonObject, pool: Map<string, JsonObject[]>): Generator<Guess> {
  const definitions = fields.definitions;
  if (!isJsonObject(definitions)) return;
  const replaceable = Object.entries(definitions)
    .filter(([key, definition]) => isJsonObject(definition) && definition.block_type_slug !== undefined && (pool.get(key)?.length ?? 0) > 1)
    .map(([key, definition]) => [key, (pool.get(key) ?? []).filter((candidate) => !jsonEqual(candidate, definition)).slice(0, MAX_CANDIDATES_PER_DEFINITION)] as const);
  const choose = function* (index: number, chosen: JsonObject): Generator<JsonObject> {
    const next = replaceable[index];
    if (next === undefined) {
      yield chosen;
      return;
    }
    yield* choose(index + 1, chosen);
    for (const candidate of next[1]) yield* choose(index + 1, { ...chosen, [next[0]]: candidate });
  };
  let first = true;
  for (const chosen of choose(0, definitions)) {
    // The first choice replaces nothing: the fields as read, already tried.
    if (first) {
      first = false;
      continue;
    }
    yield { fields: { ...fields, definitions: chosen }, repairs: ['other-definitions'] };
  }
}

/** The key of the definition that holds references to orphaned definitions (unused by Prefect and pydantic). */
export const HELD_DEFINITIONS_KEY = 'BlockRegistryHeldDefinitions';

/**
 * The fields as they are, then with the non-block definitions nothing refers to held by one more
 * definition that refers to them. A server keeps every non-block definition the client's fields
 * reached, also through a definition it does not keep (a model only a `Dict[str, Model]` field
 * named, whose `$ref` Prefect removes): in the read-back nothing refers to such a definition, so
 * the checksum no longer counts it. The holder itself, referred to by nothing, is not counted nor
 * stored by a server: it only makes the others reached again.
 */
function* withOrphansHeld(fields: JsonObject): Generator<Guess> {
  yield { fields, repairs: [] };
  const definitions = fields.definitions;
  if (!isJsonObject(definitions) || Object.hasOwn(definitions, HELD_DEFINITIONS_KEY)) return;
  const reached = nonBlockDefinitions(fields, definitions);
  const orphans = Object.entries(definitions)
    .filter(
      ([key, definition]) =>
        isJsonObject(definition) && (definition.block_type_slug === undefined || definition.block_type_slug === null) && Object.keys(definition).length > 0 && !Object.hasOwn(reached, key),
    )
    .map(([key]) => key);
  if (orphans.length === 0) return;
  const holder: JsonObject = { anyOf: orphans.map((key) => ({ $ref: `#/definitions/${key}` })) };
  yield { fields: { ...fields, definitions: { ...definitions, [HELD_DEFINITIONS_KEY]: holder } }, repairs: ['orphaned-definitions'] };
}

function* oneGuess(fields: JsonObject): Generator<Guess> {
  yield { fields, repairs: [] };
}

function* chain<T>(...generators: Array<Generator<T>>): Generator<T> {
  for (const generator of generators) yield* generator;
}

/** Keys of `#/definitions/…` references anywhere in the fields (their definitions included) that `definitions` lacks. */
function lostDefinitionKeys(fields: JsonObject, definitions: JsonObject): string[] {
  const lost = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === '$ref' && typeof item === 'string' && item.startsWith('#/definitions/')) {
          const name = item.slice('#/definitions/'.length);
          if (!Object.hasOwn(definitions, name)) lost.add(name);
        } else visit(item);
      }
    }
  };
  const { definitions: _, ...rest } = fields;
  visit(rest);
  visit(definitions);
  return [...lost].sort();
}

/**
 * The fields as they are, then with each reference's checksum replaced by the one a client
 * computes for that child from the definitions (what the parent recorded, where the server linked
 * a child it created itself under another checksum): the block definitions' own references first,
 * children before parents, since a child's checksum counts its references.
 */
function* withChildChecksums(fields: JsonObject): Generator<Guess> {
  yield { fields, repairs: [] };
  const definitions = fields.definitions;
  if (!isJsonObject(definitions) || !isJsonObject(fields.block_schema_references)) return;
  const relinked: JsonObject = { ...definitions };
  const state = new Map<string, 'visiting' | 'done'>();
  const relinkDefinition = (key: string): void => {
    if (state.has(key)) return; // done, or a cycle: left as it is
    state.set(key, 'visiting');
    const definition = relinked[key];
    if (isJsonObject(definition)) {
      for (const childKey of childKeys(definition, relinked)) relinkDefinition(childKey);
      relinked[key] = relink(definition, relinked);
    }
    state.set(key, 'done');
  };
  Object.keys(definitions).forEach(relinkDefinition);
  const candidate = relink({ ...fields, definitions: relinked }, relinked);
  if (!jsonEqual(candidate, fields)) yield { fields: candidate, repairs: ['child-checksums'] };
}

/** The definition keys of the blocks a schema's references nest. */
function childKeys(fields: JsonObject, definitions: JsonObject): string[] {
  const properties = isJsonObject(fields.properties) ? fields.properties : {};
  return referenceEntries(fields.block_schema_references ?? {})
    .flatMap(([property]) => refsIn(properties[property] ?? null).map((ref) => ref.replace('#/definitions/', '')))
    .filter((key) => Object.hasOwn(definitions, key));
}

/** The schema with each reference's checksum computed from its child's definition, as a client records it. */
function relink(fields: JsonObject, definitions: JsonObject): JsonObject {
  const references = fields.block_schema_references;
  if (!isJsonObject(references)) return fields;
  const recomputed: JsonObject = {};
  for (const [property, value] of Object.entries(references)) {
    const entries = (Array.isArray(value) ? value : [value]).map((entry) => {
      const [pair] = referenceEntries({ [property]: entry });
      if (pair === undefined) return entry;
      const child = childDefinition(fields, property, pair[1].block_type_slug, definitions);
      if (child === null) return entry;
      return { ...(entry as JsonObject), block_schema_checksum: serverChecksum(child, definitions).checksum };
    });
    recomputed[property] = Array.isArray(value) ? entries : (entries[0] as JsonValue);
  }
  return { ...fields, block_schema_references: recomputed };
}

/**
 * The fields as they are, then each union's references in the order its property lists their
 * definitions, then in every other order (short unions only).
 */
function* inReferenceOrders(fields: JsonObject): Generator<Guess> {
  yield { fields, repairs: [] };
  const references = fields.block_schema_references;
  if (!isJsonObject(references)) return;
  const unions = Object.entries(references).filter((entry): entry is [string, JsonValue[]] => Array.isArray(entry[1]) && entry[1].length > 1);
  if (unions.length === 0) return;
  const orders = unions.map(([property, entries]) => ordersOf(fields, property, entries));
  const seen = new Set<string>([JSON.stringify(references)]);
  for (const chosen of product(orders)) {
    const reordered: JsonObject = { ...references };
    unions.forEach(([property], index) => (reordered[property] = chosen[index] as JsonValue[]));
    const text = JSON.stringify(reordered);
    if (seen.has(text)) continue;
    seen.add(text);
    yield { fields: { ...fields, block_schema_references: reordered }, repairs: ['reference-order'] };
  }
}

/** A union's references: in the order of the property's `$ref`s first, then every permutation of a short union. */
function ordersOf(fields: JsonObject, property: string, entries: JsonValue[]): JsonValue[][] {
  const properties = isJsonObject(fields.properties) ? fields.properties : {};
  const definitions = isJsonObject(fields.definitions) ? fields.definitions : {};
  const slugsInOrder = refsIn(properties[property] ?? null).map((ref) => {
    const definition = definitions[ref.replace('#/definitions/', '')];
    return isJsonObject(definition) ? definition.block_type_slug : undefined;
  });
  const rank = (entry: JsonValue): number => {
    const position = slugsInOrder.indexOf(isJsonObject(entry) ? entry.block_type_slug : undefined);
    return position === -1 ? slugsInOrder.length : position;
  };
  const byProperty = [...entries].sort((a, b) => rank(a) - rank(b));
  return entries.length <= MAX_UNION_LENGTH_PERMUTED ? [byProperty, ...permutations(entries)] : [byProperty];
}

function refsIn(value: JsonValue, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, into));
  else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.push(item);
      else refsIn(item, into);
    }
  }
  return into;
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let index = 0; index < items.length; index++) {
    const rest = [...items.slice(0, index), ...items.slice(index + 1)];
    for (const tail of permutations(rest)) yield [items[index] as T, ...tail];
  }
}

function* product<T>(choices: readonly T[][]): Generator<T[]> {
  const [first, ...rest] = choices;
  if (first === undefined) {
    yield [];
    return;
  }
  for (const head of first) for (const tail of product(rest)) yield [head, ...tail];
}
