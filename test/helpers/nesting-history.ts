// Random nesting histories of hand-written block types: successive schema versions of three types,
// each version nesting earlier versions (its own type's included), so that types nest each other
// in cycles across versions (A nests B, B nests the older A). Real Prefect cannot make these from
// Python classes (a class-level cycle fails in pydantic first), but hand-written files, other tools
// and successive releases can. A parent may also carry a stale copy of a child's definition (an
// older text of it, without the non-block definition the child itself has), as a hand-merged
// file does: the parent's checksum counts what its copy reaches, not what the child registered.
import fc from 'fast-check';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { isJsonObject, type JsonObject } from '../../src/shared/json';
import { blockEntry, fieldsFor, json } from './registry';

export const HISTORY_TYPES = [
  { slug: 'ay', title: 'Ay' },
  { slug: 'bee', title: 'Bee' },
  { slug: 'sea', title: 'Sea' },
] as const;

/** One schema version in a history: its type, which earlier versions it nests (indexes into the history), and which of those copies are stale. */
export interface HistoryStep {
  type: number;
  nests: number[];
  stale?: number[];
}

export interface BuiltSchema {
  slug: string;
  title: string;
  name: string;
  fields: JsonObject;
}

/**
 * The fields of each step, as a client would write them: a property per nested child pointing
 * at `#/definitions/<child title>`, the child (without its own definitions) under that title, and
 * the child's definitions merged in. Same-titled definitions collide as they would in a
 * hand-merged file (the later one wins). Every version has a `colour` of a non-block enum
 * `Colour<n>` of its own; a stale copy of a child has neither. `prefix` names the types apart
 * (several histories on one server).
 */
export function buildHistory(steps: readonly HistoryStep[], prefix = ''): BuiltSchema[] {
  const built: BuiltSchema[] = [];
  steps.forEach((step, index) => {
    const type = HISTORY_TYPES[step.type] as (typeof HISTORY_TYPES)[number];
    const slug = `${prefix}${type.slug}`;
    const title = `${prefix.replace(/\W/g, '')}${type.title}`;
    const references: JsonObject = {};
    const definitions: JsonObject = {};
    const properties: JsonObject = {};
    step.nests.forEach((childIndex, position) => {
      const child = built[childIndex] as BuiltSchema;
      const { definitions: childDefinitions, ...childWithout } = child.fields;
      const property = `p${position}`;
      references[property] = { block_type_slug: child.slug, block_schema_checksum: blockSchemaChecksum(child.fields) };
      properties[property] = json(`{"$ref": "#/definitions/${child.title}"}`);
      if (step.stale?.includes(childIndex) === true) {
        const staleProperties = { ...(childWithout.properties as JsonObject) };
        delete staleProperties.colour;
        definitions[child.title] = { ...childWithout, properties: staleProperties };
        return;
      }
      if (isJsonObject(childDefinitions)) Object.assign(definitions, childDefinitions);
      definitions[child.title] = childWithout;
    });
    const colour = `Colour${index}`;
    definitions[colour] = json(`{"title": "${colour}", "enum": ["red", "green", "v${index}"], "type": "string"}`);
    properties.colour = json(`{"$ref": "#/definitions/${colour}"}`);
    const fields = fieldsFor(title, slug, { description: `version ${index}`, block_schema_references: references, definitions });
    Object.assign(fields.properties as JsonObject, properties);
    built.push({ slug, title, name: `${prefix}${type.title}`, fields });
  });
  return built;
}

/** One catalogue entry per version of a history (`v<index>`), as successive releases would ship them. */
export function historyEntries(built: readonly BuiltSchema[]): JsonObject[] {
  return built.map((schema, index) => blockEntry(schema.name, schema.slug, { fields: schema.fields, version: `v${index}` }));
}

export const historyArbitrary: fc.Arbitrary<HistoryStep[]> = fc
  .array(fc.record({ type: fc.integer({ min: 0, max: HISTORY_TYPES.length - 1 }), nests: fc.array(fc.nat(), { maxLength: 2 }), stale: fc.boolean() }), { minLength: 1, maxLength: 7 })
  .map((raw) =>
    raw.map((step, index): HistoryStep => {
      const nests = index === 0 ? [] : [...new Set(step.nests.map((n) => n % index))];
      return { type: step.type, nests, stale: step.stale ? nests.slice(0, 1) : [] };
    }),
  );
