// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { codeToCopy, splitCodeExample } from '../../../src/renderer/model/code-example';
import { formatDateTime, formatMs, indefiniteArticle, shortChecksum, withArticle } from '../../../src/renderer/model/format';
import { initials } from '../../../src/renderer/model/initials';
import { firstParagraph } from '../../../src/renderer/model/plain-text';
import { sideBySide } from '../../../src/renderer/model/side-by-side';
import { isHttpUrl } from '../../../src/renderer/model/urls';
import { loadCatalogue } from '../../helpers/registry';

const types = loadCatalogue().map((entry) => ({ slug: entry.slug, raw: entry.blockType }));
const raw = (slug: string, key: string): string => {
  const value = types.find((type) => type.slug === slug)?.raw[key];
  if (typeof value !== 'string') throw new Error(`${slug}.${key}`);
  return value;
};

describe('initials', () => {
  it('takes the first letters of the first two words', () => {
    expect(initials('AWS Credentials')).toBe('AC');
    expect(initials('dbt Core Operation')).toBe('DC');
    expect(initials('GcpSecret')).toBe('GC');
    expect(initials('S3 Bucket')).toBe('SB');
    expect(initials('  ')).toBe('?');
    expect(initials('émile zola')).toBe('ÉZ');
  });

  it('gives every catalogue type a one- or two-letter badge', () => {
    for (const type of types) expect(initials(String(type.raw.name))).toMatch(/^[A-Z0-9]{1,2}$/);
  });
});

describe('firstParagraph', () => {
  it('returns the first paragraph of a real description as plain text', () => {
    const text = firstParagraph(raw('aws-credentials', 'description'));
    expect(text).toBe(
      'Block used to manage authentication with AWS. AWS authentication is handled via the boto3 module. Refer to the boto3 docs for more info about the possible credential configurations. This block is part of the prefect-aws collection. Install prefect-aws with pip install prefect-aws to use this block.',
    );
    expect(firstParagraph(raw('azure-blob-storage-container', 'description'))).toBe('Represents a container in Azure Blob Storage.');
  });

  it('strips emphasis, images and headings, and copes with null', () => {
    expect(firstParagraph('# Title\n\nSome **bold** and _em_ text with ![logo](x.png).')).toBe('Title');
    expect(firstParagraph('```\ncode\n```\n\nAfter *the* code')).toBe('After the code');
    expect(firstParagraph(null)).toBe('');
    expect(firstParagraph('snake_case_name stays')).toBe('snake_case_name stays');
  });
});

describe('splitCodeExample', () => {
  it('separates prose and the fenced code of a real example', () => {
    const segments = splitCodeExample(raw('aws-credentials', 'code_example'));
    expect(segments).toEqual([
      { kind: 'text', text: 'Load stored AWS credentials:' },
      { kind: 'code', language: 'python', code: 'from prefect_aws import AwsCredentials\n\naws_credentials_block = AwsCredentials.load("BLOCK_NAME")' },
    ]);
    expect(codeToCopy(segments)).toBe('from prefect_aws import AwsCredentials\n\naws_credentials_block = AwsCredentials.load("BLOCK_NAME")');
  });

  it('treats text without a fence as code, and an unclosed fence as running to the end', () => {
    expect(splitCodeExample('x = 1')).toEqual([{ kind: 'code', language: null, code: 'x = 1' }]);
    expect(splitCodeExample('Intro\n```\na\nb')).toEqual([
      { kind: 'text', text: 'Intro' },
      { kind: 'code', language: null, code: 'a\nb' },
    ]);
    expect(splitCodeExample('')).toEqual([]);
  });

  it('finds code in every catalogue example', () => {
    for (const type of types) {
      if (typeof type.raw.code_example !== 'string') continue;
      expect(codeToCopy(splitCodeExample(type.raw.code_example)), type.slug).not.toBe('');
    }
  });
});

describe('sideBySide', () => {
  it('pairs removed and added lines and counts them', () => {
    const diff = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.rows).toEqual([
      { left: { line: 1, text: 'a', kind: 'unchanged' }, right: { line: 1, text: 'a', kind: 'unchanged' } },
      { left: { line: 2, text: 'b', kind: 'removed' }, right: { line: 2, text: 'B', kind: 'added' } },
      { left: { line: 3, text: 'c', kind: 'unchanged' }, right: { line: 3, text: 'c', kind: 'unchanged' } },
      { left: null, right: { line: 4, text: 'd', kind: 'added' } },
    ]);
  });

  it('reports identical texts', () => {
    const diff = sideBySide('{\n  "a": 1\n}', '{\n  "a": 1\n}');
    expect(diff).toMatchObject({ added: 0, removed: 0 });
    expect(diff.rows).toHaveLength(3);
  });
});

describe('formats and URLs', () => {
  it('formats', () => {
    expect(formatMs(123.6)).toBe('124 ms');
    expect(formatMs(1234)).toBe('1,234 ms');
    expect(shortChecksum('sha256:17b73297ed60f080fb235b3a5a145a6d9b28a09b3ff2d9d17810b5e2c2075ebe')).toBe('sha256:17b73297ed60…');
    expect(shortChecksum('sha256:abc')).toBe('sha256:abc');
    expect(formatDateTime('2026-11-24T07:15:43.123456Z')).toBe('2026-11-24 07:15 UTC');
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });

  it('accepts only http(s) URLs', () => {
    expect(isHttpUrl('https://docs.prefect.io')).toBe(true);
    expect(isHttpUrl('http://localhost:4200/x')).toBe(true);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '/relative', '', null, undefined]) expect(isHttpUrl(url)).toBe(false);
  });
});

describe('indefiniteArticle', () => {
  it('says "an" before a vowel sound, initialisms by their first letter\'s name', () => {
    const cases: Array<[string, 'a' | 'an']> = [
      ['S3 Bucket', 'an'],
      ['AWS Credentials', 'an'],
      ['aws-credentials', 'an'],
      ['s3-bucket', 'an'],
      ['SMB', 'an'],
      ['smb', 'an'],
      ['GCS Bucket', 'a'],
      ['GitHub Credentials', 'a'],
      ['MinIO Credentials', 'a'],
      ['Azure Blob Storage Container', 'an'],
      ['Email Server Credentials', 'an'],
      ['Every Widget', 'an'],
      ['Unique Thing', 'a'],
      ['Ollama', 'an'],
      ['Local File System', 'a'],
      ['', 'a'],
    ];
    expect(cases.map(([phrase]) => [phrase, indefiniteArticle(phrase)])).toEqual(cases);
    expect(withArticle('S3 Bucket')).toBe('an S3 Bucket');
  });
});
