// Limits on what an import may be, in one dependency-free module: the window checks them before
// reading a byte; main enforces them in src/main/block-files/limits.ts.

/** Largest block definition file, in bytes. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Most files in one import. */
export const MAX_IMPORT_FILES = 100;

/** Why an import of `count` files is refused. */
export function tooManyFilesMessage(count: number): string {
  return `${count} files: at most ${MAX_IMPORT_FILES} files at once.`;
}
/** Deepest JSON document read, in levels from the outermost value to the deepest (a scalar counts): deeper input is refused. */
export const MAX_JSON_DEPTH = 512;

/**
 * Deepest `fields` object of a block schema. An export puts a schema's fields 7 containers down
 * (`collections.X.block_types.Y.block_schemas[i].fields`), deeper than any format an import
 * reads, so a schema accepted here always comes back from its own export.
 */
export const MAX_FIELDS_DEPTH = MAX_JSON_DEPTH - 7;

/** Most block schemas in one file. */
export const MAX_ENTRIES = 20_000;

/** Why a file of `size` bytes is refused (the window, main's edge and file reads all say it alike). */
export function oversizeMessage(size: number): string {
  return `the file is ${size} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit.`;
}
