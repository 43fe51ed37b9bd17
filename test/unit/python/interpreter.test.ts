// Which Python reads a `.py` block file, and the timeout setting: no Python needed.
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseInterpreter, describeInterpreter, findOnPath } from '../../../src/main/python/interpreter';
import { windowPythonTimeout } from '../../../src/main/python/preferences';
import { DEFAULT_PYTHON_TIMEOUT_MS, extractionEnv, MAX_PYTHON_TIMEOUT_MS, parsePythonTimeout } from '../../../src/main/python/run-extraction';
import { RegistryError } from '../../../src/shared/errors';

const existing =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('chooseInterpreter', () => {
  const env = { BLOCK_REGISTRY_PYTHON: '/env/python', VIRTUAL_ENV: '/venv', PATH: ['/usr/bin', '/bin'].join(delimiter) };
  const everything = existing(join('/venv', 'bin', 'python'), join('/usr/bin', 'python3'), join('/bin', 'python'));

  it('--python first; a relative path from the current folder, a bare name from PATH', () => {
    expect(chooseInterpreter({ python: '/opt/py/bin/python', env, isFile: everything, platform: 'linux' })).toEqual({ command: '/opt/py/bin/python', origin: '--python' });
    expect(chooseInterpreter({ python: './my/python', env, isFile: everything, platform: 'linux', cwd: '/home/me' })).toEqual({ command: join('/home/me', 'my', 'python'), origin: '--python' });
    expect(chooseInterpreter({ python: 'python3', env, isFile: everything, platform: 'linux' })).toEqual({ command: join('/usr/bin', 'python3'), origin: '--python' });
    // Not found: kept as given, so that running it says what is missing.
    expect(chooseInterpreter({ python: 'python3.99', env, isFile: everything, platform: 'linux' })).toEqual({ command: 'python3.99', origin: '--python' });
  });

  it('then BLOCK_REGISTRY_PYTHON', () => {
    expect(chooseInterpreter({ env, isFile: everything, platform: 'linux' })).toEqual({ command: '/env/python', origin: 'BLOCK_REGISTRY_PYTHON' });
  });

  it('then the active virtual environment (VIRTUAL_ENV/bin/python, Scripts\\python.exe on Windows)', () => {
    const { BLOCK_REGISTRY_PYTHON: _, ...rest } = env;
    expect(chooseInterpreter({ env: rest, isFile: everything, platform: 'linux' })).toEqual({ command: join('/venv', 'bin', 'python'), origin: 'VIRTUAL_ENV' });
    expect(chooseInterpreter({ env: rest, isFile: existing(join('/venv', 'Scripts', 'python.exe')), platform: 'win32' })).toEqual({
      command: join('/venv', 'Scripts', 'python.exe'),
      origin: 'VIRTUAL_ENV',
    });
  });

  it('an empty BLOCK_REGISTRY_PYTHON, or a virtual environment without its python, is passed over', () => {
    expect(chooseInterpreter({ env: { ...env, BLOCK_REGISTRY_PYTHON: '' }, isFile: existing(join('/usr/bin', 'python3')), platform: 'linux' })).toEqual({
      command: join('/usr/bin', 'python3'),
      origin: 'PATH',
    });
  });

  it('then python3 on PATH, then python, in PATH order', () => {
    const path = ['/first', '/second'].join(delimiter);
    expect(chooseInterpreter({ env: { PATH: path }, isFile: existing(join('/second', 'python3'), join('/first', 'python')), platform: 'linux' })).toEqual({
      command: join('/second', 'python3'),
      origin: 'PATH',
    });
    expect(chooseInterpreter({ env: { PATH: path }, isFile: existing(join('/second', 'python')), platform: 'linux' })).toEqual({ command: join('/second', 'python'), origin: 'PATH' });
  });

  it('relative and empty PATH entries are skipped', () => {
    expect(findOnPath('python3', ['', '.', 'bin', '/abs'].join(delimiter), existing('python3', join('bin', 'python3'), join('/abs', 'python3')))).toBe(join('/abs', 'python3'));
  });

  it('none at all: a RegistryError saying how to give one', () => {
    let error: unknown;
    try {
      chooseInterpreter({ env: { PATH: '/nowhere' }, isFile: existing(), platform: 'linux' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('python');
    expect((error as RegistryError).message).toMatch(/^No Python interpreter found: .*--python PATH.*BLOCK_REGISTRY_PYTHON/);
  });

  it('is described with where it came from', () => {
    expect(describeInterpreter({ command: '/usr/bin/python3', origin: 'PATH' })).toBe('/usr/bin/python3 (from PATH)');
  });
});

describe('BLOCK_REGISTRY_PYTHON_TIMEOUT_MS', () => {
  it('defaults to 60 s when unset or empty', () => {
    expect(DEFAULT_PYTHON_TIMEOUT_MS).toBe(60_000);
    expect(parsePythonTimeout(undefined)).toEqual({ ok: true, ms: 60_000 });
    expect(parsePythonTimeout('')).toEqual({ ok: true, ms: 60_000 });
  });

  it('takes a whole number of milliseconds, up to the longest delay a Node timer takes', () => {
    expect(parsePythonTimeout('1500')).toEqual({ ok: true, ms: 1500 });
    expect(parsePythonTimeout(' 90000 ')).toEqual({ ok: true, ms: 90_000 });
    expect(parsePythonTimeout('2147483647')).toEqual({ ok: true, ms: MAX_PYTHON_TIMEOUT_MS });
  });

  // 2147483648 and above: Node's timer would fire at once, killing every run as it starts.
  it.each(['abc', '1.5', '-1', '0', '1e3', '10s', '2147483648', '9007199254740993', '99999999999999999999'])("refuses '%s'", (text) => {
    expect(parsePythonTimeout(text)).toEqual({
      ok: false,
      message: `BLOCK_REGISTRY_PYTHON_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (about 24.8 days) (got '${text}')`,
    });
  });

  it('the window, which has no usage error to show, takes the default for a value out of range', () => {
    expect(windowPythonTimeout({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2147483648' })).toBe(DEFAULT_PYTHON_TIMEOUT_MS);
  });
});

describe('the environment of the run', () => {
  it("drops the user's Prefect settings, keeps the rest, and keeps Prefect offline in its own home", () => {
    const env = extractionEnv({ PATH: '/bin', PREFECT_API_URL: 'http://server', PREFECT_PROFILES_PATH: '/home/me/profiles.toml', PYTHONPATH: '/mine' }, '/tmp/home');
    expect(env).toEqual({
      PATH: '/bin',
      PYTHONPATH: '/mine',
      PREFECT_HOME: '/tmp/home',
      PREFECT_PROFILES_PATH: join('/tmp/home', 'profiles.toml'),
      PREFECT_LOGGING_LEVEL: 'WARNING',
      PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
      DO_NOT_TRACK: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      PYTHONUTF8: '1',
    });
  });
});
