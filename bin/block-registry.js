#!/usr/bin/env node
// The `block-registry` command: runs the built main-process code (out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('block-registry: not built yet. Run `npm run build` (or `npm start`) in the project folder first.\n');
  process.exit(1);
}
await import(cli);
