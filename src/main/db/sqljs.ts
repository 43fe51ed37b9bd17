// Loads sql.js's WebAssembly once per process.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config: { locateFile: () => string }) => Promise<SqlJsStatic>;

let sqlJs: Promise<SqlJsStatic> | undefined;

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (sqlJs === undefined) {
    // SQLite's WebAssembly runs on V8's baseline compiler (Liftoff) only, never tiered up to
    // TurboFan. By default V8 recompiles SQLite's hottest functions with TurboFan on background
    // threads (sqlite3VdbeExec alone takes 385 ms to optimise here, 1.2 s of CPU in all for one
    // catalogue import), and a process waits for those compilations before it exits: the
    // catalogue's import took 740 ms with tier-up and 490 ms without, the 5,000-type import and
    // warm registrations were no slower, and the first launch registration in a process went
    // from 400 ms to 170 ms (docs/decisions/liftoff-only.md). The flag is read when the module is compiled, so it is
    // set here, just before; Node and Electron both leave V8's flags writable after start-up.
    setFlagsFromString('--liftoff-only');
    // Required, not imported: sql.js is CommonJS, and importing it from an ES module has Node
    // scan its whole source for export names first (docs/decisions/prepared-statements.md).
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    const initSqlJs = require('sql.js') as InitSqlJs;
    sqlJs = withTextDecoderKeepingBom(() => initSqlJs({ locateFile: () => wasmPath }));
  }
  return sqlJs;
}

/**
 * Runs `work` with a TextDecoder that keeps a leading U+FEFF. sql.js reads every text value
 * through one `new TextDecoder()` made as it starts, and a default TextDecoder drops a byte order
 * mark at the start of what it decodes: a description or a default that begins with U+FEFF (a
 * docstring may) came back without it, so what was stored was not what was read, and a push sent
 * another description. The decoder is made synchronously inside initSqlJs's call.
 */
function withTextDecoderKeepingBom<T>(work: () => T): T {
  const Original = globalThis.TextDecoder;
  class KeepingBom extends Original {
    constructor(label?: string, options?: ConstructorParameters<typeof Original>[1]) {
      super(label, { ...options, ignoreBOM: true });
    }
  }
  globalThis.TextDecoder = KeepingBom;
  try {
    return work();
  } finally {
    globalThis.TextDecoder = Original;
  }
}
