// Reading what the extraction script printed: its failures said plainly, anything else refused.
import { describe, expect, it } from 'vitest';
import { readExtractionOutput, type ExtractionTarget } from '../../../src/main/python/extraction-output';
import type { PythonInterpreter } from '../../../src/main/python/interpreter';
import { RegistryError } from '../../../src/shared/errors';
import { isLosslessNumber } from '../../../src/shared/json';

const interpreter: PythonInterpreter = { command: '/usr/bin/python3', origin: 'PATH' };
const target: ExtractionTarget = { kind: 'file', path: '/work/my_blocks.py', label: 'my_blocks.py' };

function run(stdout: string, stderr = '', code: number | null = 0) {
  return { code, stdout: Buffer.from(stdout, 'utf8'), stderr, truncated: false };
}

function failure(stdout: string, stderr = ''): RegistryError {
  try {
    readExtractionOutput(target, interpreter, run(stdout, stderr, 1));
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('readExtractionOutput', () => {
  it('the blocks, the versions, and numbers kept as their lexemes', () => {
    const block = '{"name": "A", "slug": "a", "block_schema": {"fields": {"properties": {"f": {"default": 1.10}}}, "checksum": "sha256:x", "capabilities": [], "version": "1"}}';
    const extraction = readExtractionOutput(target, interpreter, run(`{"protocol": 1, "ok": true, "python": "3.11.7", "prefect": "3.9.1", "executable": "/venv/bin/python", "blocks": [${block}]}\n`));
    expect(extraction).toMatchObject({ interpreter, executable: '/venv/bin/python', pythonVersion: '3.11.7', prefectVersion: '3.9.1' });
    const schema = extraction.blocks[0]?.block_schema as { fields: { properties: { f: { default: unknown } } } };
    const lexeme = schema.fields.properties.f.default;
    expect(isLosslessNumber(lexeme) ? lexeme.toString() : lexeme).toBe('1.10');
  });

  it('no prefect: names the interpreter and says how to install it', () => {
    const error = failure('{"protocol": 1, "ok": false, "kind": "no-prefect", "message": "ModuleNotFoundError: No module named \'prefect\'", "python": "3.11.7"}');
    expect(error.code).toBe('python');
    expect(error.message).toBe(
      '/usr/bin/python3 (from PATH) (Python 3.11.7) has no prefect: pip install prefect (into that interpreter: /usr/bin/python3 -m pip install prefect), or choose another one with --python PATH.',
    );
  });

  it("a load error in the file itself: its line and Python's own last line", () => {
    const error = failure('{"protocol": 1, "ok": false, "kind": "load", "message": "SyntaxError: invalid syntax", "file": "/work/my_blocks.py", "line": 4}');
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([{ file: 'my_blocks.py', message: 'line 4: SyntaxError: invalid syntax' }]);
  });

  it('a load error in a module the file imports: that file too', () => {
    const error = failure('{"protocol": 1, "ok": false, "kind": "load", "message": "ZeroDivisionError: division by zero", "file": "/work/helper.py", "line": 2}');
    expect(error.issues).toEqual([{ file: 'my_blocks.py', message: '/work/helper.py, line 2: ZeroDivisionError: division by zero' }]);
  });

  it('no Block classes', () => {
    const error = failure('{"protocol": 1, "ok": false, "kind": "no-blocks", "message": "no Block classes found"}');
    expect(error.issues).toEqual([{ file: 'my_blocks.py', message: 'no Block classes found in my_blocks.py: a block is a subclass of prefect.blocks.core.Block.' }]);
  });

  it.each([
    ['not JSON', 'hello\n', "stdout is not one JSON document: Invalid JSON at line 1, column 1: JSON value expected, found 'h', exit code 1"],
    ['empty', '', 'nothing on stdout, exit code 1'],
    ['JSON without the protocol', '{"ok": true}', 'stdout is JSON, but not its document, exit code 1'],
    ['ok without blocks', '{"protocol": 1, "ok": true, "python": "3", "prefect": "3", "executable": "p"}', 'its document lacks the python, prefect and executable strings or the list of blocks'],
    [
      'blocks that are not objects',
      '{"protocol": 1, "ok": true, "python": "3", "prefect": "3", "executable": "p", "blocks": [1]}',
      'its document lacks the python, prefect and executable strings or the list of blocks',
    ],
    [
      'two documents',
      '{"protocol": 1, "ok": true}\n{"protocol": 1, "ok": true}',
      "stdout is not one JSON document: Invalid JSON at line 2, column 1: Unexpected '{' after the JSON value, exit code 1",
    ],
  ])('output that is not what the script promises (%s): said what is wrong with it, with the last line of stderr', (_, stdout, why) => {
    const error = failure(stdout, 'Traceback (most recent call last):\nSomeError: boom\n');
    expect(error.code).toBe('python');
    expect(error.issues).toEqual([
      {
        file: 'my_blocks.py',
        message: `the block extraction script did not give the JSON document it promises when run by /usr/bin/python3 (from PATH) (${why}; last line of stderr: SomeError: boom).`,
      },
    ]);
  });

  it('more output than any document: said so, whatever was read', () => {
    const error = (() => {
      try {
        readExtractionOutput(target, interpreter, { code: null, stdout: Buffer.from('{"protocol": 1'), stderr: '', truncated: true });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).message).toBe(
      'my_blocks.py: the block extraction script did not give the JSON document it promises when run by /usr/bin/python3 (from PATH) (more than 64 MB on stdout; it was stopped).',
    );
  });
});
