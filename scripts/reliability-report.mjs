// Prints the reliability table from the figures the reliability tests recorded
// (test-results/reliability/*.json). The same numbers go in docs/reliability.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('test-results', 'reliability');
const figures = {};
if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    figures[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
}

const get = (name, key, fallback = '—') => figures[name]?.[key] ?? fallback;
const sum = (...values) => values.reduce((total, value) => total + (typeof value === 'number' ? value : 0), 0);

const rows = [
  [
    'kills survived (SIGKILL during a 500-type import)',
    `${get('crash-import', 'kills')} (${get('crash-import', 'found_before')} before, ${get('crash-import', 'found_after')} after, ${get('crash-import', 'found_mixed')} mixed)`,
  ],
  [
    'kills survived (SIGKILL during launch registration)',
    `${get('crash-launch', 'kills')} (${get('crash-launch', 'found_before')} before, ${get('crash-launch', 'found_after')} after, ${get('crash-launch', 'found_mixed')} mixed)`,
  ],
  [
    'stale locks and temporary files recovered after kills',
    String(
      sum(
        get('crash-import', 'stale_locks_recovered', 0),
        get('crash-launch', 'stale_locks_recovered', 0),
        get('crash-import', 'stale_temporaries_removed', 0),
        get('crash-launch', 'stale_temporaries_removed', 0),
      ),
    ),
  ],
  ['unusable database files tried (all refused, untouched)', String(get('bad-database-files', 'files_tried'))],
  ['concurrent writers on one file (writes lost)', `${get('concurrency', 'concurrent_writers')} (${get('concurrency', 'writes_lost')})`],
  [
    'lost writes after stale locks',
    `${get('stale-locks', 'writes_lost')} over ${get('stale-locks', 'rounds')} rounds of ${get('stale-locks', 'writers')} writers (${get('stale-locks', 'imports_succeeded')} imports)`,
  ],
  ['garbage lock files taken over', `${get('garbage-locks', 'taken_over')} of ${get('garbage-locks', 'garbage_locks_tried')}`],
  ['foreign Kysely files refused untouched', String(get('bad-database-files', 'foreign_kysely_files_refused'))],
  ['symlinked database written through', String(get('database-paths', 'symlinked_databases_written_through'))],
  ['folder, FIFO, socket, device as --db refused at once', String(get('database-paths', 'non_regular_paths_refused'))],
  [
    'disk full / read-only saves refused, files damaged',
    figures['disk-failures']?.skipped
      ? `skipped: ${figures['disk-failures'].skipped}`
      : `${sum(get('disk-failures', 'disk_full_saves_refused', 0), get('disk-failures', 'read_only_writes_refused', 0))}, ${get('disk-failures', 'files_damaged')}`,
  ],
  [
    'bad inputs tried (parser, checksum, IPC, writes)',
    `${sum(get('bad-input', 'parser_inputs', 0), get('bad-input', 'checksum_inputs', 0), get('bad-input', 'ipc_calls', 0), get('bad-input', 'write_attempts', 0))} (${get('bad-input', 'parser_inputs')} files, ${get('bad-input', 'checksum_inputs')} schemas, ${get('bad-input', 'ipc_calls')} IPC calls, ${get('bad-input', 'write_attempts')} imports)`,
  ],
  ['Electronegativity findings above informational (unjustified)', `${get('electronegativity', 'above_informational')} (${get('electronegativity', 'unjustified')})`],
  ['hostile imported content executed', String(get('hostile-content', 'executed'))],
  [
    'hostile-server runs (scenarios): secrets shown, peak memory',
    `${get('hostile-server', 'runs')} (${get('hostile-server', 'scenarios')}): 0 in ${get('hostile-server', 'secrets_scanned_outputs')} outputs and ${get('hostile-server', 'secrets_scanned_files')} files, at most ${get('hostile-server', 'peak_rss_mib_max')} MiB, longest ${get('hostile-server', 'longest_run_s')} s`,
  ],
  ['terminal-safety cases (characters tried), raw in output', `${get('terminal-safety', 'cases')} (${get('terminal-safety', 'characters_tried')}), 0`],
];

const width = Math.max(...rows.map(([label]) => label.length));
console.log('\nReliability');
console.log(`${'-'.repeat(width)}  ${'-'.repeat(40)}`);
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
