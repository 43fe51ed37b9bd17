// The checked-in Prefect API types are exactly what `npm run generate:prefect-types` makes from the
// checked-in OpenAPI document (the prefect suite checks that document against the pinned Prefect).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { OPENAPI_JSON, OPENAPI_TYPES, typesFor } from '../../../scripts/generate-prefect-types.mjs';

it('src/main/servers/client/openapi/prefect-api.ts is generated from prefect-openapi.json (run npm run generate:prefect-types)', async () => {
  const generated = await typesFor(JSON.parse(readFileSync(OPENAPI_JSON, 'utf8')));
  expect(readFileSync(OPENAPI_TYPES, 'utf8')).toBe(generated);
});
