// Which Prefect server to talk to and how to authenticate, chosen as Prefect's own client does:
// `--api-url`, else PREFECT_API_URL, else the active profile of `profiles.toml`; credentials
// from PREFECT_API_AUTH_STRING (Basic) or PREFECT_API_KEY (Bearer), the environment first, then
// the profile. Secrets never come from the command line (they would show in `ps` and shell
// history) and are kept where no message, log or JSON output can reach them.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { errorMessage, RegistryError } from '../../../shared/errors';

/** Where a setting came from, as a message names it (never its value). */
export type SettingOrigin = { kind: 'flag' } | { kind: 'environment' } | { kind: 'profile'; profile: string; file: string } | { kind: 'saved'; name: string };

export type AuthSetting = 'PREFECT_API_AUTH_STRING' | 'PREFECT_API_KEY';

/**
 * The `Authorization` header, held in a private field: `JSON.stringify`, `util.inspect` and
 * template strings of this object show which setting it came from, never the secret.
 */
export class PrefectCredentials {
  readonly #header: string;
  /** Every form of the secret a server could send back (see redact). */
  readonly #secretForms: RegExp;
  readonly setting: AuthSetting;
  readonly origin: SettingOrigin;

  constructor(setting: AuthSetting, secret: string, origin: SettingOrigin) {
    this.setting = setting;
    this.origin = origin;
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    // Prefect's client: the auth string wins over the key when both are set.
    this.#header = setting === 'PREFECT_API_AUTH_STRING' ? `Basic ${base64}` : `Bearer ${secret}`;
    this.#secretForms = secretFormsPattern(setting, secret);
  }

  authorization(): string {
    return this.#header;
  }

  /**
   * `text` with every form of the secret replaced by `[redacted]`: for whatever a server sends
   * back, which may quote the request's Authorization header (a 422's or a 500's detail), before
   * it reaches a message, the JSON output, the window or the database.
   */
  redact(text: string): string {
    this.#secretForms.lastIndex = 0;
    return this.#secretForms.test(text) ? text.replace(this.#secretForms, REDACTED) : text;
  }

  toJSON(): { setting: AuthSetting; from: string } {
    return { setting: this.setting, from: describeOrigin(this.origin) };
  }

  toString(): string {
    return `${this.setting} (${describeOrigin(this.origin)})`;
  }
}

/** What a secret that a server sent back is replaced with. */
const REDACTED = '[redacted]';

/** The shortest password of an auth string that is redacted on its own: a shorter one would blank out ordinary text, and is no secret. */
const MIN_REDACTED_PASSWORD = 4;

/**
 * The secret as sent and as a server could quote it: as written, percent-encoded, in base64 (as
 * the Basic header carries the auth string; standard and URL-safe alphabets, the padding being
 * optional), and an auth string's password on its own. Matched ignoring case (a server may
 * upper-case what it quotes), longest first so that a longer form is never left half-redacted.
 */
function secretFormsPattern(setting: AuthSetting, secret: string): RegExp {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form === '') return;
    forms.add(form);
    forms.add(encodeURIComponent(form));
    const base64 = Buffer.from(form, 'utf8').toString('base64');
    const unpadded = base64.replace(/=+$/, '');
    forms.add(base64);
    forms.add(unpadded);
    forms.add(unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
  };
  add(secret);
  const colon = secret.indexOf(':');
  if (setting === 'PREFECT_API_AUTH_STRING' && colon >= 0 && secret.length - colon - 1 >= MIN_REDACTED_PASSWORD) add(secret.slice(colon + 1));
  const escaped = [...forms].sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // A secret is never empty (an empty setting is no setting): the guard only keeps an empty pattern from matching everything.
  return escaped.length === 0 ? /(?!)/g : new RegExp(escaped.join('|'), 'gi');
}

export interface PrefectConnection {
  /** The API's base URL without a trailing slash, e.g. `http://127.0.0.1:4200/api`. */
  apiUrl: string;
  apiUrlOrigin: SettingOrigin;
  credentials: PrefectCredentials | null;
}

export function describeOrigin(origin: SettingOrigin): string {
  if (origin.kind === 'flag') return '--api-url';
  if (origin.kind === 'environment') return 'the environment';
  if (origin.kind === 'saved') return `the window's saved connection '${origin.name}'`;
  return `profile '${origin.profile}' in ${origin.file}`;
}

interface Profile {
  name: string;
  file: string;
  settings: Record<string, string>;
}

/** `PREFECT_PROFILES_PATH`, else `$PREFECT_HOME/profiles.toml` (`~/.prefect` by default). */
export function profilesPath(env: NodeJS.ProcessEnv): string {
  if (env.PREFECT_PROFILES_PATH) return expandHome(env.PREFECT_PROFILES_PATH);
  return join(expandHome(env.PREFECT_HOME || join(homedir(), '.prefect')), 'profiles.toml');
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The profiles file's path and its tables, or null without a file. */
export function readProfilesFile(env: NodeJS.ProcessEnv): { file: string; profiles: Record<string, unknown>; active: unknown } | null {
  const file = profilesPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RegistryError('prefect_config', `Could not read the Prefect profiles file ${file}: ${errorMessage(error)}`);
  }
  let document: Record<string, unknown>;
  try {
    document = parseToml(text);
  } catch (error) {
    // smol-toml's message quotes the offending line, which may hold a secret: only the position.
    const line = (error as { line?: number }).line;
    throw new RegistryError('prefect_config', `The Prefect profiles file ${file} is not valid TOML${line === undefined ? '' : ` (line ${line})`}.`);
  }
  return { file, profiles: isTable(document.profiles) ? document.profiles : {}, active: document.active };
}

/** The active profile (`PREFECT_PROFILE`, else the file's `active`), or null without a profiles file. */
export function readActiveProfile(env: NodeJS.ProcessEnv): Profile | null {
  const read = readProfilesFile(env);
  if (read === null) return null;
  const { file, profiles } = read;
  const name = env.PREFECT_PROFILE || (typeof read.active === 'string' ? read.active : null);
  if (name === null) return null;
  const table = profiles[name];
  if (table === undefined) {
    // Prefect's own default profiles are `ephemeral` and `local`: a missing one configures nothing.
    if (env.PREFECT_PROFILE) throw new RegistryError('prefect_config', `PREFECT_PROFILE names the profile '${name}', which ${file} does not have.`);
    return { name, file, settings: {} };
  }
  if (!isTable(table)) throw new RegistryError('prefect_config', `In ${file}, [profiles.${name}] is not a table.`);
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string') settings[key] = value;
    else if (key === 'PREFECT_API_URL' || key === 'PREFECT_API_KEY' || key === 'PREFECT_API_AUTH_STRING') {
      throw new RegistryError('prefect_config', `In ${file}, profile '${name}': ${key} must be a string.`);
    }
  }
  return { name, file, settings };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A setting from the environment (non-empty), else from the profile. */
function setting(name: string, env: NodeJS.ProcessEnv, profile: Profile | null): { value: string; origin: SettingOrigin } | null {
  const fromEnv = env[name];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, origin: { kind: 'environment' } };
  const fromProfile = profile?.settings[name];
  if (fromProfile !== undefined && fromProfile !== '') return { value: fromProfile, origin: { kind: 'profile', profile: profile?.name ?? '', file: profile?.file ?? '' } };
  return null;
}

/** The server and credentials for a command: `--api-url` (if given), else the environment, else the active profile. */
export function resolvePrefectConnection(apiUrlFlag: string | undefined, env: NodeJS.ProcessEnv): PrefectConnection {
  const profile = readActiveProfile(env);
  const configured = apiUrlFlag !== undefined ? { value: apiUrlFlag, origin: { kind: 'flag' } as const } : setting('PREFECT_API_URL', env, profile);
  if (configured === null) {
    const where = profile === null ? `no profiles file at ${profilesPath(env)}` : `profile '${profile.name}' in ${profile.file} has none`;
    throw new RegistryError('prefect_config', `No Prefect server configured: pass --api-url URL or set PREFECT_API_URL (${where}).`);
  }
  const apiUrl = normaliseApiUrl(configured.value, configured.origin);
  const authString = setting('PREFECT_API_AUTH_STRING', env, profile);
  const apiKey = setting('PREFECT_API_KEY', env, profile);
  let credentials: PrefectCredentials | null = null;
  if (authString !== null) credentials = new PrefectCredentials('PREFECT_API_AUTH_STRING', authString.value, authString.origin);
  else if (apiKey !== null) credentials = new PrefectCredentials('PREFECT_API_KEY', apiKey.value, apiKey.origin);
  return { apiUrl, apiUrlOrigin: configured.origin, credentials };
}

/** An http(s) URL without credentials, query or fragment, and without a trailing slash. */
export function normaliseApiUrl(text: string, origin: SettingOrigin): string {
  const from = describeOrigin(origin);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new RegistryError('prefect_config', `The Prefect API URL from ${from} is not a URL; expected e.g. http://127.0.0.1:4200/api.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RegistryError('prefect_config', `The Prefect API URL from ${from} must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: the URL holds a secret.
    throw new RegistryError('prefect_config', `The Prefect API URL from ${from} contains credentials; put them in PREFECT_API_AUTH_STRING (user:password) instead.`);
  }
  if (url.search !== '' || url.hash !== '') throw new RegistryError('prefect_config', `The Prefect API URL from ${from} must not have a query or fragment.`);
  return url.href.replace(/\/+$/, '');
}
