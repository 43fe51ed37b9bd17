// Limits on what an import may be, in one dependency-free module: the window checks them before
// reading a byte, main enforces them at its edge.

/** Largest block definition file, in bytes. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Most files in one import. */
export const MAX_IMPORT_FILES = 100;
/** Most block schemas in one file. */
export const MAX_ENTRIES = 20_000;
