// Builds (or reuses) the pinned venvs once per run and hands the main one's python to the tests
// (the collections suite names its own: COLLECTIONS_PYTHON).
import type { TestProject } from 'vitest/node';
import { ensureCollectionsVenv, ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prefectPython: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide('prefectPython', ensurePrefectVenv());
  ensureCollectionsVenv();
}
