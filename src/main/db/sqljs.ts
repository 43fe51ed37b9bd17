// Loads sql.js's WebAssembly once per process.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config: { locateFile: () => string }) => Promise<SqlJsStatic>;

let sqlJs: Promise<SqlJsStatic> | undefined;

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (sqlJs === undefined) {
    // Required, not imported: sql.js is CommonJS, and importing it from an ES module has Node
    // scan its whole source for export names first (issue 14: ~20 ms of every command's start).
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    // SQLite's WebAssembly holds some 1,800 functions, most of which a command never calls:
    // compiled each on its first call rather than all before the first query, it is ready
    // several times sooner. V8 reads the flag when it compiles a module, so setting it here,
    // before sql.js compiles its own, is enough (newer V8 versions compile lazily by default).
    setFlagsFromString('--wasm-lazy-compilation');
    const initSqlJs = require('sql.js') as InitSqlJs;
    sqlJs = initSqlJs({ locateFile: () => wasmPath });
  }
  return sqlJs;
}
