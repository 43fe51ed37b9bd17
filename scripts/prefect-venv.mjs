// The pinned Python environment with real Prefect that the differential tests use as the
// reference. `ensurePrefectVenv()` builds `.venv/` from test/prefect/requirements.txt
// when it is missing or the requirements changed (a hash stamp inside the venv says which
// requirements it was built from) and returns its python. Run directly, it prints that path:
//   node scripts/prefect-venv.mjs             -> /…/.venv/bin/python
//   node scripts/prefect-venv.mjs --collections -> /…/.venv-collections/bin/python (builds it too)
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
export const COLLECTIONS_REQUIREMENTS = join(root, 'test', 'prefect', 'collections', 'requirements.txt');
export const COLLECTIONS_VENV = join(root, '.venv-collections');
const DATABASE_TEMPLATE = join(VENV, 'prefect-database-template.db');
/** The venv's python (it may not be built yet: ensurePrefectVenv builds it). */
export const VENV_PYTHON = venvPython(VENV);
/** The collections venv's python (ensureCollectionsVenv builds it). */
export const COLLECTIONS_PYTHON = venvPython(COLLECTIONS_VENV);

/** Thrown with one line a person can act on (no stack trace needed). */
export class PrefectVenvError extends Error {}

function requirementsHash(requirements) {
  return createHash('sha256').update(readFileSync(requirements)).digest('hex');
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
  return ensureVenv({ label: 'prefect venv', dir: VENV, requirements: REQUIREMENTS }, log);
}

/**
 * Builds `.venv-collections/` if needed (Prefect 3.9.1 with every public collection that has
 * blocks, test/prefect/collections/requirements.txt); returns its python. A venv of its own: a
 * Prefect server started from it imports every installed collection at start-up, which the
 * other suites' servers must not (their start-up registrations are compared with ours).
 */
export function ensureCollectionsVenv(log = (line) => console.error(line)) {
  return ensureVenv({ label: 'collections venv', dir: COLLECTIONS_VENV, requirements: COLLECTIONS_REQUIREMENTS }, log);
}

function venvPython(dir) {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

/** The venv at `dir` built from `requirements` unless its stamp says it already is. */
function ensureVenv({ label, dir, requirements }, log) {
  const python = venvPython(dir);
  const stamp = join(dir, 'requirements.sha256');
  const wanted = requirementsHash(requirements);
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) return python;
  const base = findPython();
  if (base === null) {
    throw new PrefectVenvError('Real-Prefect tests need Python >= 3.10 with venv (none found; set PYTHON=/path/to/python3.x).');
  }
  log(`${label}: creating ${dir} with ${base} from ${requirements}`);
  rmSync(dir, { recursive: true, force: true });
  const created = spawnSync(base, ['-m', 'venv', dir], { stdio: 'inherit' });
  if (created.status !== 0) throw new PrefectVenvError(`${label}: "${base} -m venv ${dir}" failed.`);
  const started = performance.now();
  const installed = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--no-color', '--disable-pip-version-check', '-r', requirements], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // pip warns once per package about every configured find-links or index folder that does not
  // exist on this machine (hundreds of lines on some): noise that reads as trouble in a passing run.
  // (--no-color, and colours stripped anyway: some environments, CI=true among them, still get them.)
  const stderr = (installed.stderr ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^WARNING: Location '.*' is ignored: it is neither a file nor a directory\.$/.test(line.trim()));
  if (stderr.length > 0) process.stderr.write(`${stderr.join('\n')}\n`);
  if (installed.status !== 0) throw new PrefectVenvError(`${label}: pip install -r ${requirements} failed.`);
  log(`${label}: pip install took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // Written last: an interrupted install has no stamp and is rebuilt next time.
  writeFileSync(stamp, `${wanted}\n`);
  return python;
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
    if (process.argv[2] === '--collections') {
      console.log(ensureCollectionsVenv());
      process.exit(0);
    }
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
