// Two sets of block types and schemas side by side, whichever sides they are: this registry, a
// Prefect server, another server. Types by slug (only left, only right, differing field by
// field); schemas as Prefect identifies them, by checksum and version (only left, only right).
// `server diff` is this with the registry on the left; the window compares any two sources.
import type { BlockType } from '../../shared/blocks';
import type { ServerBlockType, ServerSchemaIdentity } from './client/client';
import { sameText } from './client/html-text';

export const COMPARED_BLOCK_TYPE_FIELDS = ['name', 'logo_url', 'documentation_url', 'description', 'code_example', 'is_protected'] as const;
export type ComparedBlockTypeField = (typeof COMPARED_BLOCK_TYPE_FIELDS)[number];

export type ComparableBlockType = Pick<BlockType, 'slug' | ComparedBlockTypeField>;

export interface SchemaIdentity {
  block_type_slug: string;
  checksum: string;
  version: string;
}

export interface ComparedSide {
  types: ComparableBlockType[];
  schemas: SchemaIdentity[];
  /** A Prefect server HTML-escapes description and code_example on create (not on update). */
  escapedText: boolean;
}

export interface SideDifference {
  field: ComparedBlockTypeField;
  left: string | boolean | null;
  right: string | boolean | null;
}

export interface BlockComparison {
  /** True when nothing differs. */
  same: boolean;
  block_types: {
    only_left: string[];
    only_right: string[];
    differing: Array<{ slug: string; fields: SideDifference[] }>;
  };
  block_schemas: {
    only_left: SchemaIdentity[];
    only_right: SchemaIdentity[];
  };
}

export function compareBlockSets(left: ComparedSide, right: ComparedSide): BlockComparison {
  const rightBySlug = new Map(right.types.map((type) => [type.slug, type]));
  const leftSlugs = new Set(left.types.map((type) => type.slug));
  const differing = left.types.flatMap((type) => {
    const other = rightBySlug.get(type.slug);
    const fields = other === undefined ? [] : fieldDifferences(type, other, COMPARED_BLOCK_TYPE_FIELDS, left.escapedText, right.escapedText);
    return fields.length > 0 ? [{ slug: type.slug, fields }] : [];
  });
  const comparison: BlockComparison = {
    same: false,
    block_types: {
      only_left: left.types.filter((type) => !rightBySlug.has(type.slug)).map((type) => type.slug),
      only_right: right.types.filter((type) => !leftSlugs.has(type.slug)).map((type) => type.slug),
      differing,
    },
    block_schemas: { only_left: missingFrom(left.schemas, right.schemas), only_right: missingFrom(right.schemas, left.schemas) },
  };
  const lists = [comparison.block_types.only_left, comparison.block_types.only_right, differing, comparison.block_schemas.only_left, comparison.block_schemas.only_right];
  comparison.same = lists.every((list) => list.length === 0);
  return comparison;
}

/** The fields whose values differ; text compared as each side stores it (escaped or not). */
export function fieldDifferences<F extends ComparedBlockTypeField>(
  left: Pick<ComparableBlockType, F>,
  right: Pick<ComparableBlockType, F>,
  fields: readonly F[],
  leftEscaped: boolean,
  rightEscaped: boolean,
): Array<{ field: F; left: string | boolean | null; right: string | boolean | null }> {
  return fields.flatMap((field) => {
    const ours = left[field] as string | boolean | null;
    const theirs = right[field] as string | boolean | null;
    const same = typeof ours === 'string' || typeof theirs === 'string' ? sameText(textOf(ours), leftEscaped, textOf(theirs), rightEscaped) : ours === theirs;
    return same ? [] : [{ field, left: ours, right: theirs }];
  });
}

function textOf(value: string | boolean | null): string | null {
  return typeof value === 'boolean' ? null : value;
}

/** A server's block type with absent fields as null, as this app stores them. */
export function comparableServerType(type: ServerBlockType): ComparableBlockType {
  return {
    slug: type.slug,
    name: type.name,
    logo_url: type.logo_url ?? null,
    documentation_url: type.documentation_url ?? null,
    description: type.description ?? null,
    code_example: type.code_example ?? null,
    is_protected: type.is_protected ?? false,
  };
}

/** A server's schemas as identities, their type's slug found from the row or from the types read. */
export function serverSchemaIdentities(schemas: readonly ServerSchemaIdentity[], types: readonly ServerBlockType[]): SchemaIdentity[] {
  const slugById = new Map(types.map((type) => [type.id, type.slug]));
  return schemas.map((schema) => ({
    block_type_slug: schema.block_type_slug ?? slugById.get(schema.block_type_id ?? '') ?? schema.block_type_id ?? '',
    checksum: schema.checksum,
    version: schema.version ?? 'non-versioned',
  }));
}

/** `checksum NUL version`: how Prefect identifies a schema. */
export function schemaKey(checksum: string, version: string): string {
  return `${checksum}\u0000${version}`;
}

/** The schemas of `these` that `those` lack (same checksum and version), sorted for a stable output. */
function missingFrom(these: readonly SchemaIdentity[], those: readonly SchemaIdentity[]): SchemaIdentity[] {
  const present = new Set(those.map((schema) => schemaKey(schema.checksum, schema.version)));
  return these
    .filter((schema) => !present.has(schemaKey(schema.checksum, schema.version)))
    .sort((a, b) => a.block_type_slug.localeCompare(b.block_type_slug) || a.version.localeCompare(b.version) || a.checksum.localeCompare(b.checksum));
}
