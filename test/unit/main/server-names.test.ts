// The servers --from and --to name: a URL or a profile; credentials go only to the server they
// were configured for.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveNamedServer } from '../../../src/main/servers/documents/server-names';
import { useTempWorkspace } from '../../helpers/registry';

const workspace = useTempWorkspace();

function envWith(profiles: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = workspace.dir();
  writeFileSync(join(home, 'profiles.toml'), profiles);
  return { PREFECT_HOME: home, ...extra };
}

const PROFILES = `active = "staging"

[profiles.staging]
PREFECT_API_URL = "http://staging.internal:4200/api"
PREFECT_API_AUTH_STRING = "admin:staging-pass"

[profiles.production]
PREFECT_API_URL = "http://prod.internal:4200/api/"
PREFECT_API_KEY = "pnu_production"

[profiles.empty]
`;

describe('--from and --to', () => {
  it("takes a profile's URL and credentials by its name", () => {
    const connection = resolveNamedServer('production', undefined, envWith(PROFILES));
    expect(connection.apiUrl).toBe('http://prod.internal:4200/api');
    expect(connection.credentials?.authorization()).toBe('Bearer pnu_production');
  });

  it("gives a URL the credentials of the server configured for it, and a stranger's URL none", () => {
    const env = envWith(PROFILES, { PREFECT_API_AUTH_STRING: 'admin:env-pass' });
    // The active profile's URL: the environment's auth string goes with it, as for every server command.
    expect(resolveNamedServer('http://staging.internal:4200/api', undefined, env).credentials?.authorization()).toBe(`Basic ${Buffer.from('admin:env-pass').toString('base64')}`);
    // Another profile's URL: that profile's own credentials, never the environment's.
    expect(resolveNamedServer('http://prod.internal:4200/api', undefined, env).credentials?.authorization()).toBe('Bearer pnu_production');
    expect(resolveNamedServer('https://somewhere.example.com/api', undefined, env).credentials).toBeNull();
    // Nothing named: the configured server.
    expect(resolveNamedServer(undefined, undefined, env).apiUrl).toBe('http://staging.internal:4200/api');
  });

  it('says what is wrong with a name that is neither', () => {
    expect(() => resolveNamedServer('nowhere', undefined, envWith(PROFILES))).toThrow(
      /'nowhere' is neither a URL nor a profile of .*profiles\.toml \(its profiles: 'staging', 'production', 'empty'\)\./,
    );
    expect(() => resolveNamedServer('empty', undefined, envWith(PROFILES))).toThrow("Profile 'empty' in");
  });
});
