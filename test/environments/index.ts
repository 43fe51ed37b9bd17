// The test environments of this project, for the vitest configs: a test file names one in its
// environment comment, and vitest looks the name up as the module `vitest-environment-<name>`.
import { resolve } from 'node:path';

export const TEST_ENVIRONMENTS: Record<string, string> = {
  'vitest-environment-happy-dom-node-network': resolve(import.meta.dirname, 'happy-dom-node-network.ts'),
};
