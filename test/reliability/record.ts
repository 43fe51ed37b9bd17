// Each reliability test writes its figures here; scripts/reliability-report.mjs prints the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RELIABILITY_RESULTS = join(process.cwd(), 'test-results', 'reliability');

export function recordFigures(name: string, figures: Record<string, number | string>): void {
  mkdirSync(RELIABILITY_RESULTS, { recursive: true });
  writeFileSync(join(RELIABILITY_RESULTS, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}
