// Loads sql.js's WebAssembly once per process.
import { createRequire } from 'node:module';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config: { locateFile: () => string }) => Promise<SqlJsStatic>;

let sqlJs: Promise<SqlJsStatic> | undefined;

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (sqlJs === undefined) {
    // Required, not imported: sql.js is CommonJS, and importing it from an ES module has Node
    // scan its whole source for export names first (issue 14). Its WebAssembly is compiled
    // eagerly, as V8 does by default: compiling each function on its first call instead
    // (`--wasm-lazy-compilation`) made the 5,000-type import 14% slower and the catalogue's no faster.
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    const initSqlJs = require('sql.js') as InitSqlJs;
    sqlJs = initSqlJs({ locateFile: () => wasmPath });
  }
  return sqlJs;
}
