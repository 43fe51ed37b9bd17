// happy-dom for the window, with Node's own network for main: tests that render the window over
// main's real handlers run both in one process, and vitest's happy-dom puts its browser fetch
// (which logs every failed response to the console, as a browser's devtools do, and enforces a
// browser's rules) in place of Node's, under main's HTTP client. The window itself never fetches
// (it reaches main through window.api), so main keeps what it has in the app: Node's fetch,
// Request, Response, Headers and the AbortController its requests are cancelled with.
import { builtinEnvironments, type Environment } from 'vitest/runtime';

const NODE_NETWORK = ['fetch', 'Request', 'Response', 'Headers', 'AbortController', 'AbortSignal'] as const;

const happyDomWithNodeNetwork: Environment = {
  name: 'happy-dom-node-network',
  viteEnvironment: 'client',
  async setup(global: Record<string, unknown>, options) {
    const node = new Map(NODE_NETWORK.map((key) => [key, global[key]]));
    const environment = await builtinEnvironments['happy-dom'].setup(global, options);
    for (const [key, value] of node) Object.defineProperty(global, key, { value, configurable: true, writable: true });
    return environment;
  },
};

export default happyDomWithNodeNetwork;
