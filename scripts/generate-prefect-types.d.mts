// Types for generate-prefect-types.mjs, for the tests that check the generated file is current.
export const OPENAPI_JSON: string;
export const OPENAPI_TYPES: string;
export function blockSubset(document: unknown): { openapi: string; info: Record<string, unknown>; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
export function dumpOpenApi(): Promise<ReturnType<typeof blockSubset>>;
export function openApiText(subset: ReturnType<typeof blockSubset>): string;
export function typesFor(document: unknown): Promise<string>;
