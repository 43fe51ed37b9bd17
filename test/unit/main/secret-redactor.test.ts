// Secret values a server quotes back are redacted from every message an operation ends with: as
// written, JSON-escaped and percent-encoded; values too short to be secrets are left alone.
import { describe, expect, it } from 'vitest';
import { REDACTED_SECRET, SecretRedactor } from '../../../src/main/servers/documents/secret-redactor';
import { RegistryError } from '../../../src/shared/errors';
import { parseJson } from '../../../src/shared/json';

describe('SecretRedactor', () => {
  it('redacts each secret value in the forms a server could quote it in', async () => {
    const redactor = new SecretRedactor();
    redactor.add([
      { path: 'password', value: 'pa"ss/word 1' },
      { path: 'settings', value: parseJson('{"key":"k-12345","n":123456}') },
      { path: 'flag', value: 'on' },
    ]);
    const text = `detail: pa"ss/word 1, pa\\"ss/word 1, ${encodeURIComponent('pa"ss/word 1')}, k-12345, 123456, on`;
    expect(redactor.redact(text)).toBe(`detail: ${REDACTED_SECRET}, ${REDACTED_SECRET}, ${REDACTED_SECRET}, ${REDACTED_SECRET}, ${REDACTED_SECRET}, on`);
    const thrown = await redactor
      .guard(async () => {
        throw new RegistryError('prefect_server', 'POST /block_documents/ answered 422: pa"ss/word 1 is not valid', [{ message: 'k-12345', value: '"k-12345"' }]);
      })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(RegistryError);
    expect((thrown as RegistryError).message).toBe(`POST /block_documents/ answered 422: ${REDACTED_SECRET} is not valid`);
    expect((thrown as RegistryError).issues).toEqual([{ message: REDACTED_SECRET, value: `"${REDACTED_SECRET}"` }]);
  });

  it('leaves messages as they are when it holds no secret', () => {
    const redactor = new SecretRedactor();
    const error = new RegistryError('prefect_server', 'anything');
    expect(redactor.redactError(error)).toBe(error);
  });
});
