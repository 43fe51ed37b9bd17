// Doyensec's Electronegativity over the project's sources: no finding above informational
// that the README's "Security review" does not justify, check by check and file by file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigures } from './record';

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
}

/** Electronegativity's CSV: quoted fields, doubled quotes inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field.trim()]);
  return rows;
}

/** The README's justification table: rows `| CHECK_ID | file | why |`. */
function justified(): Set<string> {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Security review'));
  const keys = new Set<string>();
  for (const match of section.matchAll(/^\| `([A-Z_]+)` \| `([^`]+)` \|/gm)) keys.add(`${match[1]} ${match[2]}`);
  return keys;
}

describe('Electronegativity', () => {
  it('finds nothing above informational that the README does not justify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'block-registry-electronegativity-'));
    const output = join(dir, 'findings.csv');
    try {
      // AvailableSecurityFixesGlobalCheck downloads Electron's release list: no network here.
      const run = spawnSync(process.execPath, ['scripts/electronegativity.cjs', '-i', 'src', '-r', '-e', '41.7.1', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', output], { encoding: 'utf8', timeout: 300_000 });
      expect(run.status, run.stderr).toBe(0);
      const [header, ...rows] = parseCsv(readFileSync(output, 'utf8')).filter((row) => row.length > 4);
      expect(header?.[0]).toBe('issue');
      const findings: Finding[] = rows.map(([check = '', severity = '', confidence = '', file = '', location = '']) => ({ check, severity, confidence, file, location }));
      const serious = findings.filter((finding) => finding.severity !== 'INFORMATIONAL');
      const reasons = justified();
      const unjustified = serious.filter((finding) => !reasons.has(`${finding.check} ${finding.file}`));
      recordFigures('electronegativity', { findings: findings.length, above_informational: serious.length, unjustified: unjustified.length });
      expect(unjustified).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
