import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // Bundled rather than loaded from node_modules at start: Kysely alone is hundreds of ES
      // modules, and resolving them dominated the command line's start-up. sql.js stays
      // external because it loads its WebAssembly file from its package folder.
      externalizeDeps: { exclude: ['kysely', 'kysely-wasm', 'kysely-generic-sqlite', 'lossless-json', 'zod', '@noble/hashes'] },
      rollupOptions: {
        // The desktop app and the command line share one bundle of main-process code.
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli/main.ts') },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
