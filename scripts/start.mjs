// `npm start` (after the build): launches the desktop app, or, where no Electron binary is
// installed, says so in one line and runs the launch-time registration headless.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (binary !== null) {
  const result = spawnSync(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
console.log('block-registry: no Electron binary is installed, so no window; get it with `npm run electron:fetch`. Running the launch-time registration headless:');
const result = spawnSync(process.execPath, ['out/main/cli.js', 'auto-register', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
