// Builds (or reuses) the pinned venv once per run and hands its python to the tests.
import type { TestProject } from 'vitest/node';
import { ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prefectPython: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide('prefectPython', ensurePrefectVenv());
}
