// Fetches Electron's binary with Electron's own install script.
// npm is told not to run that script (package.json "allowScripts"), so that an install
// succeeds on machines that cannot download it; this runs it ourselves and, with
// --optional (postinstall), only warns when the download is impossible.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const optional = process.argv.includes('--optional');
const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const dir = electronDir();
if (dir === null) {
  // Production installs (no devDependencies) have no Electron package: nothing to fetch.
  process.exit(0);
}
if (existsSync(join(dir, 'path.txt'))) {
  process.exit(0);
}
if (optional && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  process.exit(0);
}
const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
  stdio: optional ? 'pipe' : 'inherit',
  timeout: 120_000,
});
if (result.status === 0 && existsSync(join(dir, 'path.txt'))) {
  if (optional) console.log('block-registry: Electron binary installed.');
  process.exit(0);
}
const line = 'block-registry: the Electron binary could not be downloaded on this machine; ' + 'the command line and tests work without it. Run `npm run electron:fetch` where the network allows.';
if (optional) {
  console.warn(line);
  process.exit(0);
}
console.error(line);
process.exit(1);
