// Every relative link in the front page, CONTRIBUTING.md and docs/ leads somewhere: the file
// exists (inside the repository) and a `#fragment` names a heading of that file, as GitHub
// makes heading anchors. Docs are split over many files that link to each other's sections;
// a renamed heading or a moved file would otherwise leave links that lead nowhere, silently.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempFolder } from '../../helpers/registry';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The Markdown files whose links are checked: the front page, CONTRIBUTING.md and all of docs/. */
function documentationFiles(root: string): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'].filter((name) => existsSync(join(root, name)));
  const docs = join(root, 'docs');
  if (existsSync(docs)) {
    for (const entry of readdirSync(docs, { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.md')) files.push(join('docs', entry));
    }
  }
  return files.map((file) => file.split(sep).join('/')).sort();
}

/** The text with fenced code blocks blanked out (line numbers kept): nothing in them is a link or a heading. */
function withoutFences(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker !== undefined) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** The text with inline code spans blanked out (a span may wrap onto the next line, not past a blank line). */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(?!`)((?:(?!\n\s*\n)[\s\S])*?[^`])\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' '));
}

interface DocLink {
  line: number;
  target: string;
}

/** Inline links and images, reference definitions, and HTML href/src attributes, outside code. */
function linksIn(markdown: string): DocLink[] {
  const text = withoutCodeSpans(withoutFences(markdown));
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  const links: DocLink[] = [];
  const patterns = [
    // [text](target "title") and ![alt](target); the text may hold one level of brackets.
    /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    // [label]: target
    /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm,
    /<(?:a|img)\s[^>]*?(?:href|src)\s*=\s*"([^"]*)"/gi,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const target = (match[1] ?? '').replace(/^<|>$/g, '');
      links.push({ line: lineOf(match.index), target });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** A heading's text as GitHub renders it, before the slug: code, links, emphasis and HTML reduced to their text. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[((?:[^[\]]|\[[^\]]*\])*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/\*+/g, '')
    .trim();
}

/** GitHub's anchor for a heading (github-slugger): lowercase, punctuation but `-` and `_` dropped, spaces to `-`. */
function githubSlug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs (a repeated slug gets -1, -2, …) and explicit `<a id>`/`<a name>`. */
function anchorsOf(markdown: string): Set<string> {
  const lines = withoutFences(markdown).split('\n');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string): void => {
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  lines.forEach((line, index) => {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (atx !== null) {
      add(atx[1] ?? '');
      return;
    }
    // A setext heading: a paragraph line underlined with = or -.
    const previous = lines[index - 1] ?? '';
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && previous.trim() !== '' && !/^ {0,3}([-*+]|\d+[.)]|>|#|\|)/.test(previous)) add(previous);
  });
  for (const match of markdown.matchAll(/<a\s[^>]*?(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(match[1] ?? '');
  return anchors;
}

/** Every broken relative link of the given files, as `file:line: target: what is wrong`. */
function brokenLinks(root: string, files: readonly string[]): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOfFile = (path: string): Set<string> => {
    let anchors = anchorCache.get(path);
    if (anchors === undefined) {
      anchors = anchorsOf(readFileSync(path, 'utf8'));
      anchorCache.set(path, anchors);
    }
    return anchors;
  };
  for (const file of files) {
    const source = join(root, file);
    for (const { line, target } of linksIn(readFileSync(source, 'utf8'))) {
      // Another site (https:, mailto:, …) or protocol-relative: not ours to check here.
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      checked += 1;
      const where = `${file}:${line}: ${target}`;
      const hash = target.indexOf('#');
      const pathPart = hash === -1 ? target : target.slice(0, hash);
      const fragment = hash === -1 ? null : target.slice(hash + 1);
      let decodedPath: string;
      let decodedFragment: string | null;
      try {
        decodedPath = decodeURIComponent(pathPart);
        decodedFragment = fragment === null ? null : decodeURIComponent(fragment);
      } catch {
        problems.push(`${where}: not a valid URL`);
        continue;
      }
      const resolved = decodedPath === '' ? source : decodedPath.startsWith('/') ? join(root, decodedPath) : resolve(dirname(source), decodedPath);
      const inside = relative(root, resolved);
      if (inside.startsWith('..') || resolve(root, inside) !== resolved) {
        problems.push(`${where}: leads outside the repository`);
        continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${where}: no such file or folder`);
        continue;
      }
      if (decodedFragment === null) continue;
      if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) {
        problems.push(`${where}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!anchorsOfFile(resolved).has(decodedFragment)) problems.push(`${where}: no heading with that anchor in ${relative(root, resolved).split(sep).join('/')}`);
    }
  }
  return { checked, problems };
}

describe('documentation links', () => {
  it('every relative link in README.md, CONTRIBUTING.md and docs/ leads to a file, and to a heading when it has an anchor', () => {
    const files = documentationFiles(ROOT);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/decisions/README.md']));
    const { checked, problems } = brokenLinks(ROOT, files);
    expect(problems).toEqual([]);
    // Not vacuous: the docs link to each other's sections.
    expect(checked).toBeGreaterThan(50);
  });

  describe('the checker', () => {
    const dir = useTempFolder('docs-links');

    it('names each broken link: a missing file, a missing anchor, an anchor into code, a path out of the repository', () => {
      mkdirSync(join(dir, 'docs'), { recursive: true });
      writeFileSync(join(dir, 'src.ts'), 'export {};\n');
      writeFileSync(
        join(dir, 'docs', 'guide.md'),
        [
          '# Guide',
          '',
          "## Skip when unchanged, without Prefect's memo-store bug",
          '',
          '## Usage',
          '',
          '## Usage',
          '',
          'Setext heading',
          '--------------',
          '',
          '```md',
          '# Not a heading',
          '[not a link](missing-in-a-fence.md)',
          '```',
          '',
          'Fine: [top](#guide), [memo](#skip-when-unchanged-without-prefects-memo-store-bug), [second](#usage-1),',
          '[setext](#setext-heading), [code](../src.ts), [folder](../docs), [site](https://example.com/x.md#nope),',
          '`[in code](nowhere.md)`, ![image](../src.ts "title").',
          '',
          'Broken: [gone](gone.md), [bad anchor](#usage-2), [fenced](#not-a-heading),',
          '[code anchor](../src.ts#top), [outside](../../elsewhere.md).',
          '',
          '[ref]: ../missing-reference.md',
        ].join('\n'),
      );
      const { problems } = brokenLinks(dir, ['docs/guide.md']);
      expect(problems).toEqual([
        'docs/guide.md:21: gone.md: no such file or folder',
        'docs/guide.md:21: #usage-2: no heading with that anchor in docs/guide.md',
        'docs/guide.md:21: #not-a-heading: no heading with that anchor in docs/guide.md',
        'docs/guide.md:22: ../src.ts#top: an anchor into a file that is not Markdown',
        'docs/guide.md:22: ../../elsewhere.md: leads outside the repository',
        'docs/guide.md:24: ../missing-reference.md: no such file or folder',
      ]);
    });

    it('makes anchors as GitHub does', () => {
      expect(githubSlug('The 5,000-type push used to fail')).toBe('the-5000-type-push-used-to-fail');
      expect(githubSlug('Rooms in src/main')).toBe('rooms-in-srcmain');
      expect(githubSlug('What `npm test` runs')).toBe('what-npm-test-runs');
      expect(githubSlug('A **bold** [link](x.md) and snake_case')).toBe('a-bold-link-and-snake_case');
      expect(githubSlug('Café & crème')).toBe('café--crème');
      expect([...anchorsOf('# A\n\n## A\n\n### A\n')]).toEqual(['a', 'a-1', 'a-2']);
    });

    it('finds links wrapped over two lines and skips code spans that wrap too', () => {
      const links = linksIn('See [Python block\nfiles](python-block-files.md#in-the-window) and `not\n[a link](x.md)`.\n');
      expect(links).toEqual([{ line: 1, target: 'python-block-files.md#in-the-window' }]);
    });
  });
});
