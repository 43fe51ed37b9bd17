// The pinned Python environment with real Prefect that the differential tests use as the
// reference (issue 10). `ensurePrefectVenv()` builds `.venv/` from test/prefect/requirements.txt
// when it is missing or the requirements changed (a hash stamp inside the venv says which
// requirements it was built from) and returns its python. Run directly, it prints that path:
//   node scripts/prefect-venv.mjs             -> /…/.venv/bin/python
//   node scripts/prefect-venv.mjs script.py … -> runs the script with that python and Prefect's
//                                                offline environment (see prefectEnv)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REQUIREMENTS = join(root, 'test', 'prefect', 'requirements.txt');
export const VENV = join(root, '.venv');
const STAMP = join(VENV, 'requirements.sha256');
const DATABASE_TEMPLATE = join(VENV, 'prefect-database-template.db');
/** The venv's python (it may not be built yet: ensurePrefectVenv builds it). */
export const VENV_PYTHON = process.platform === 'win32' ? join(VENV, 'Scripts', 'python.exe') : join(VENV, 'bin', 'python');

/** Thrown with one line a person can act on (no stack trace needed). */
export class PrefectVenvError extends Error {}

function requirementsHash() {
  return createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
}

// Prefect 3.9.1 needs Python >= 3.10. PYTHON picks one explicitly.
function findPython() {
  const candidates = [process.env.PYTHON, 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3', 'python'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split('.').map(Number);
    if (major === 3 && minor >= 10) return candidate;
  }
  return null;
}

/** Builds `.venv/` if needed; returns its python. `log` gets progress lines (stderr by default). */
export function ensurePrefectVenv(log = (line) => console.error(line)) {
  const wanted = requirementsHash();
  if (existsSync(VENV_PYTHON) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === wanted) return VENV_PYTHON;
  const python = findPython();
  if (python === null) {
    throw new PrefectVenvError('Real-Prefect tests need Python >= 3.10 with venv (none found; set PYTHON=/path/to/python3.x).');
  }
  log(`prefect venv: creating ${VENV} with ${python} from ${REQUIREMENTS}`);
  rmSync(VENV, { recursive: true, force: true });
  const created = spawnSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  if (created.status !== 0) throw new PrefectVenvError(`prefect venv: "${python} -m venv ${VENV}" failed.`);
  const started = performance.now();
  const installed = spawnSync(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], {
    stdio: 'inherit',
  });
  if (installed.status !== 0) throw new PrefectVenvError(`prefect venv: pip install -r ${REQUIREMENTS} failed.`);
  log(`prefect venv: pip install took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // Written last: an interrupted install has no stamp and is rebuilt next time.
  writeFileSync(STAMP, `${wanted}\n`);
  return VENV_PYTHON;
}

/**
 * A Prefect database with every migration applied, made by the venv's own Prefect (`prefect server
 * database upgrade`) once per venv (a rebuilt venv makes it again). A test server in a new home
 * starts from a copy of it instead of migrating an empty file: about 11 of its 24 seconds of
 * start-up here, more than a dozen times per run. The server's start-up is otherwise the same
 * (it finds every migration applied, then registers its blocks as on any start).
 */
export function prefectDatabaseTemplate(python = ensurePrefectVenv()) {
  if (existsSync(DATABASE_TEMPLATE)) return DATABASE_TEMPLATE;
  const { env, home } = prefectEnv();
  try {
    const made = spawnSync(python, ['-m', 'prefect', 'server', 'database', 'upgrade', '-y'], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (made.status !== 0) throw new PrefectVenvError(`prefect venv: "prefect server database upgrade" failed:\n${made.stderr.slice(-2000)}`);
    // Renamed into place whole: a process starting a server meanwhile never copies half of it.
    const temporary = `${DATABASE_TEMPLATE}.${process.pid}.tmp`;
    copyFileSync(join(home, 'prefect.db'), temporary);
    renameSync(temporary, DATABASE_TEMPLATE);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return DATABASE_TEMPLATE;
}

/**
 * Prefect offline and quiet, in a home of its own: a user's ~/.prefect (profiles, memo store,
 * database) is never read or written. The caller removes `home`.
 */
export function prefectEnv(base = process.env) {
  const home = mkdtempSync(join(tmpdir(), 'block-registry-prefect-home-'));
  const env = { ...base };
  // A user's own Prefect settings must not leak into the reference.
  for (const key of Object.keys(env)) if (key.startsWith('PREFECT_')) delete env[key];
  Object.assign(env, {
    PREFECT_HOME: home,
    PREFECT_PROFILES_PATH: join(home, 'profiles.toml'),
    DO_NOT_TRACK: '1',
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    PREFECT_LOGGING_LEVEL: 'WARNING',
    PYTHONHASHSEED: base.PYTHONHASHSEED ?? '0',
    PYTHONDONTWRITEBYTECODE: '1',
  });
  return { env, home };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const python = ensurePrefectVenv();
    const args = process.argv.slice(2);
    if (args.length === 0) {
      // Made now, while `npm test` runs this beside its other steps, rather than by the first test server.
      prefectDatabaseTemplate(python);
      console.log(python);
    } else {
      const { env, home } = prefectEnv();
      const result = spawnSync(python, args, { stdio: 'inherit', env });
      rmSync(home, { recursive: true, force: true });
      process.exit(result.status ?? 1);
    }
  } catch (error) {
    if (!(error instanceof PrefectVenvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
