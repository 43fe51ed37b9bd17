// The checked-in OpenAPI document (the block routes) is the pinned Prefect's own: the generated
// client types cannot drift from the server the other tests run.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dumpOpenApi, OPENAPI_JSON, openApiText } from '../../scripts/generate-prefect-types.mjs';

it("prefect-openapi.json is the pinned Prefect's document (run npm run generate:prefect-types -- --dump)", async () => {
  expect(readFileSync(OPENAPI_JSON, 'utf8')).toBe(openApiText(await dumpOpenApi()));
});
