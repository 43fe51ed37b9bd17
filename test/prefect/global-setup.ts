// Builds (or reuses) the pinned venvs once per run and hands the main one's python to the tests
// (the collections suite names its own: COLLECTIONS_PYTHON), and starts the PostgreSQL cluster
// the team-scale variants of the server suites use (test/prefect/backends.ts), stopped at the end.
import type { TestProject } from 'vitest/node';
import { ensureCollectionsVenv, ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';
import { startPostgresCluster, stopPostgresCluster, type PostgresCluster } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    prefectPython: string;
    postgresCluster: PostgresCluster;
  }
}

export default function setup(project: TestProject): () => void {
  const python = ensurePrefectVenv();
  project.provide('prefectPython', python);
  ensureCollectionsVenv();
  const started = performance.now();
  const cluster = startPostgresCluster(python);
  console.error(`PostgreSQL cluster for the server suites on port ${cluster.port}, its template migrated: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  project.provide('postgresCluster', cluster);
  return () => stopPostgresCluster(cluster);
}
