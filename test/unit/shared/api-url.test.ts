import { describe, expect, it } from 'vitest';
import { apiPathSuggestion, hasScheme, withScheme } from '../../../src/shared/api-url';

describe('a typed Prefect API URL', () => {
  it('gets http:// when it has no scheme (a host and port is not a scheme)', () => {
    expect(withScheme('127.0.0.1:4420')).toBe('http://127.0.0.1:4420');
    expect(withScheme(' localhost:4200/api ')).toBe('http://localhost:4200/api');
    expect(withScheme('https://example.test/api')).toBe('https://example.test/api');
    expect(withScheme('')).toBe('');
    expect(hasScheme('localhost:4200')).toBe(false);
    expect(hasScheme('ftp://example.test')).toBe(true);
  });

  it('is offered its /api form when its path has no api segment', () => {
    expect(apiPathSuggestion('http://127.0.0.1:4420')).toBe('http://127.0.0.1:4420/api');
    expect(apiPathSuggestion('http://127.0.0.1:4420/')).toBe('http://127.0.0.1:4420/api');
    expect(apiPathSuggestion('https://example.test/prefect/')).toBe('https://example.test/prefect/api');
    expect(apiPathSuggestion('http://127.0.0.1:4200/api')).toBeNull();
    expect(apiPathSuggestion('https://api.prefect.cloud/api/accounts/a/workspaces/w')).toBeNull();
    expect(apiPathSuggestion('127.0.0.1:4420')).toBeNull();
    expect(apiPathSuggestion('ftp://example.test')).toBeNull();
  });
});
