// `window.api`: the preload bridge (src/preload/index.ts), the renderer's only way to the main process.
import type { RegistryApi } from '../shared/contract';

declare global {
  interface Window {
    api: RegistryApi;
  }
}

export {};
