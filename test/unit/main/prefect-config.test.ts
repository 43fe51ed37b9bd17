// Which Prefect server and credentials a command uses: flag, environment, active profile.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolvePrefectConnection } from '../../../src/main/servers/client/config';
import { RegistryError } from '../../../src/shared/errors';
import { useTempWorkspace } from '../../helpers/registry';

const temp = useTempWorkspace();

/** A PREFECT_HOME with the given profiles.toml (none when null). */
function prefectHome(profiles: string | null): string {
  const home = temp.dir();
  if (profiles !== null) writeFileSync(join(home, 'profiles.toml'), profiles);
  return home;
}

const PROFILES = `active = "work"

[profiles.ephemeral]
PREFECT_SERVER_ALLOW_EPHEMERAL_MODE = "true"

[profiles.work]
PREFECT_API_URL = "http://prefect.internal:4200/api/"
PREFECT_API_KEY = "pnu_profilekey"

[profiles.other]
PREFECT_API_URL = "https://other.example/api"
PREFECT_API_AUTH_STRING = "admin:profile-pass"
`;

function failure(run: () => unknown): RegistryError {
  try {
    run();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('resolvePrefectConnection', () => {
  it('takes --api-url first, then PREFECT_API_URL, then the active profile', () => {
    const home = prefectHome(PROFILES);
    const env = { PREFECT_HOME: home, PREFECT_API_URL: 'http://env.example:4200/api' };
    expect(resolvePrefectConnection('http://flag.example/api/', env)).toMatchObject({ apiUrl: 'http://flag.example/api', apiUrlOrigin: { kind: 'flag' } });
    expect(resolvePrefectConnection(undefined, env)).toMatchObject({ apiUrl: 'http://env.example:4200/api', apiUrlOrigin: { kind: 'environment' } });
    expect(resolvePrefectConnection(undefined, { PREFECT_HOME: home })).toMatchObject({
      apiUrl: 'http://prefect.internal:4200/api',
      apiUrlOrigin: { kind: 'profile', profile: 'work', file: join(home, 'profiles.toml') },
    });
  });

  it('PREFECT_PROFILE chooses another profile; an unknown one is an error', () => {
    const home = prefectHome(PROFILES);
    const connection = resolvePrefectConnection(undefined, { PREFECT_HOME: home, PREFECT_PROFILE: 'other' });
    expect(connection.apiUrl).toBe('https://other.example/api');
    expect(connection.credentials?.setting).toBe('PREFECT_API_AUTH_STRING');
    expect(failure(() => resolvePrefectConnection(undefined, { PREFECT_HOME: home, PREFECT_PROFILE: 'nope' })).message).toMatch(/'nope'/);
  });

  it('uses Bearer for PREFECT_API_KEY and Basic for PREFECT_API_AUTH_STRING, the auth string winning', () => {
    const home = prefectHome(null);
    const base = { PREFECT_HOME: home, PREFECT_API_URL: 'http://127.0.0.1:4200/api' };
    expect(resolvePrefectConnection(undefined, { ...base, PREFECT_API_KEY: 'pnu_key' }).credentials?.authorization()).toBe('Bearer pnu_key');
    const both = resolvePrefectConnection(undefined, { ...base, PREFECT_API_KEY: 'pnu_key', PREFECT_API_AUTH_STRING: 'user:pass' });
    expect(both.credentials?.authorization()).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
    expect(resolvePrefectConnection(undefined, base).credentials).toBeNull();
  });

  it('takes credentials from the environment before the profile', () => {
    const home = prefectHome(PROFILES);
    expect(resolvePrefectConnection(undefined, { PREFECT_HOME: home }).credentials?.authorization()).toBe('Bearer pnu_profilekey');
    expect(resolvePrefectConnection(undefined, { PREFECT_HOME: home, PREFECT_API_KEY: 'pnu_env' }).credentials?.authorization()).toBe('Bearer pnu_env');
  });

  it('never shows a secret in JSON, inspect or text', () => {
    const home = prefectHome(PROFILES);
    const connection = resolvePrefectConnection(undefined, { PREFECT_HOME: home, PREFECT_API_AUTH_STRING: 'user:s3cret-value' });
    const encoded = Buffer.from('user:s3cret-value').toString('base64');
    // The default string form is what a careless log line would print: it must not hold the secret.
    // oxlint-disable-next-line typescript/restrict-template-expressions
    for (const text of [JSON.stringify(connection), inspect(connection, { depth: 10, showHidden: true }), `${connection.credentials}`]) {
      expect(text).not.toContain('s3cret-value');
      expect(text).not.toContain(encoded);
      expect(text).not.toContain('pnu_profilekey');
    }
    expect(JSON.stringify(connection)).toContain('PREFECT_API_AUTH_STRING');
  });

  it('says how to configure a server when none is', () => {
    const none = failure(() => resolvePrefectConnection(undefined, { PREFECT_HOME: prefectHome(null) }));
    expect(none.code).toBe('prefect_config');
    expect(none.message).toMatch(/--api-url.*PREFECT_API_URL/);
    const ephemeral = failure(() => resolvePrefectConnection(undefined, { PREFECT_HOME: prefectHome('active = "ephemeral"\n[profiles.ephemeral]\n') }));
    expect(ephemeral.message).toMatch(/profile 'ephemeral'/);
  });

  it('refuses URLs that are not http(s), or carry credentials (without echoing them)', () => {
    const env = { PREFECT_HOME: prefectHome(null) };
    expect(failure(() => resolvePrefectConnection('ftp://x/api', env)).message).toMatch(/http:\/\/ or https:\/\//);
    expect(failure(() => resolvePrefectConnection('not a url', env)).message).toMatch(/not a URL/);
    // A host and port without the scheme: the URL meant, but never credentials echoed.
    expect(failure(() => resolvePrefectConnection('127.0.0.1:4200/api', env)).message).toMatch(/must start with http:\/\/ or https:\/\/: did you mean http:\/\/127\.0\.0\.1:4200\/api\?/);
    expect(failure(() => resolvePrefectConnection('user:hunter2@host:4200/api', env)).message).not.toContain('hunter2');
    const withSecret = failure(() => resolvePrefectConnection('http://user:hunter2@host/api', env));
    expect(withSecret.message).toMatch(/PREFECT_API_AUTH_STRING/);
    expect(withSecret.message).not.toContain('hunter2');
  });

  it('reports a broken profiles file by line, without quoting it', () => {
    const home = prefectHome('active = "work"\n[profiles.work]\nPREFECT_API_KEY = "pnu_unterminated\n');
    const error = failure(() => resolvePrefectConnection(undefined, { PREFECT_HOME: home }));
    expect(error.message).toMatch(/not valid TOML \(line 3\)/);
    expect(error.message).not.toContain('pnu_unterminated');
  });
});
