// Types for scripts/prefect-venv.mjs (plain JavaScript so that scripts/run-tests.mjs can import it).
export declare const REQUIREMENTS: string;
export declare const VENV: string;
export declare const VENV_PYTHON: string;
export declare const COLLECTIONS_REQUIREMENTS: string;
export declare const COLLECTIONS_VENV: string;
export declare const COLLECTIONS_PYTHON: string;
export declare class PrefectVenvError extends Error {}
export declare function ensurePrefectVenv(log?: (line: string) => void): string;
export declare function ensureCollectionsVenv(log?: (line: string) => void): string;
export declare function prefectDatabaseTemplate(python?: string): string;
export declare function prefectEnv(base?: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; home: string };
