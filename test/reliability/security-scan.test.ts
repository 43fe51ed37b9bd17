// Doyensec's Electronegativity over the project's sources: no finding above informational
// that the "Security review" of docs/reliability.md does not justify, check by check and file by file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempWorkspace } from '../helpers/registry';
import { recordFigures } from './record';

const workspace = useTempWorkspace();

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

/** The security review's justification table (docs/reliability.md): rows `| CHECK_ID | file | why |`. */
function justified(): Set<string> {
  const reliability = readFileSync(join(process.cwd(), 'docs', 'reliability.md'), 'utf8');
  const heading = /^## Security review$/m.exec(reliability);
  if (heading === null) throw new Error('docs/reliability.md has no "## Security review" section: the justifications are read from it.');
  const section = reliability.slice(heading.index);
  const keys = new Set<string>();
  for (const match of section.matchAll(/^\| `([A-Z_]+)` \| `([^`]+)` \|/gm)) keys.add(`${match[1]} ${match[2]}`);
  return keys;
}

interface SarifResult {
  ruleId: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }>;
}

function scan(output: string): void {
  // AvailableSecurityFixesGlobalCheck downloads Electron's release list: no network here.
  const run = spawnSync(process.execPath, ['scripts/electronegativity.cjs', '-i', 'src', '-r', '-e', '41.7.1', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', output], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(run.status, run.stderr).toBe(0);
}

describe('Electronegativity', () => {
  it('finds nothing above informational that the security review does not justify', () => {
    const dir = workspace.dir();
    // SARIF lists every finding reliably; the CSV adds each one's severity (its rows can be
    // mangled by multi-line samples, so a finding without a readable severity counts as serious).
    const sarifPath = join(dir, 'findings.sarif');
    const csvPath = join(dir, 'findings.csv');
    scan(sarifPath);
    scan(csvPath);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: Array<{ results: SarifResult[] }> };
    const severities = new Map<string, string>();
    for (const [check = '', severity = '', , file = '', location = ''] of parseCsv(readFileSync(csvPath, 'utf8'))) {
      severities.set(`${check} ${file}:${location.split(':')[0]}`, severity);
    }
    const findings: Finding[] = (sarif.runs[0]?.results ?? []).map((result) => {
      const location = result.locations[0]?.physicalLocation;
      const file = location?.artifactLocation.uri ?? '';
      const line = String(location?.region?.startLine ?? '');
      return { check: result.ruleId, file, location: line, confidence: '', severity: severities.get(`${result.ruleId} ${file}:${line}`) ?? 'UNKNOWN' };
    });
    expect(findings.length).toBeGreaterThan(0); // the scanner ran over the sources
    const serious = findings.filter((finding) => finding.severity !== 'INFORMATIONAL');
    const reasons = justified();
    const unjustified = serious.filter((finding) => !reasons.has(`${finding.check} ${finding.file}`));
    recordFigures('electronegativity', { findings: findings.length, above_informational: serious.length, unjustified: unjustified.length });
    expect(unjustified).toEqual([]);
  });
});
