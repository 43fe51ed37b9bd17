// docs/differences-from-prefect.md, "Skip when unchanged, without Prefect's memo-store bug",
// checked against a real Prefect 3.9.1 server: with its default memoisation, a server restarted
// on a reset database (same PREFECT_HOME, so the same memo_store.toml) registers no blocks at all.
// Ours keeps the content hashes in the database itself: a reset file always registers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { filterAll, startPrefectServer } from './server';

const folder = mkdtempSync(join(tmpdir(), 'block-registry-prefect-memo-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("Prefect's memo store against ours", () => {
  it('Prefect: after a database reset with the same home, the next start-up registers nothing; ours registers again', async () => {
    const home = join(folder, 'home');
    const database = join(folder, 'prefect.db');
    // Our own home and database path, kept across both starts (startPrefectServer removes only its own).
    const settings = { PREFECT_HOME: home, PREFECT_API_DATABASE_CONNECTION_URL: `sqlite+aiosqlite:///${database}` };

    const first = await startPrefectServer(settings);
    try {
      expect((await filterAll(first, '/block_types/filter')).length).toBeGreaterThan(40);
    } finally {
      await first.stop();
    }
    rmSync(database, { force: true });
    const second = await startPrefectServer(settings);
    try {
      expect(await filterAll(second, '/block_types/filter')).toEqual([]);
    } finally {
      await second.stop();
    }

    const ours = join(folder, 'ours.sqlite');
    const launched = await launchRegistryAt(ours);
    await launched.registry.close();
    rmSync(ours, { force: true });
    const again = await launchRegistryAt(ours);
    try {
      expect(await readBlockTypes(again.registry.db)).toHaveLength(54);
    } finally {
      await again.registry.close();
    }
  });
});
