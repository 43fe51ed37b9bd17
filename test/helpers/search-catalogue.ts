// A generated catalogue for search checks: the benchmark catalogue's block types renamed so that
// they compete with the real ones for common queries. Some have "S3" or "Kubernetes" in their
// names (as a later word, inside a word, or first with another word after), others only in their
// descriptions; none is named exactly like a real block type.
import { parseJson, stringifyJson, type JsonObject } from '../../src/shared/json';
import { generateCatalogue } from './generated-catalogue';

const NAMES = [
  (n: number) => `Bucket S3 Sync ${n}`,
  (n: number) => `Ls3 Adapter ${n}`,
  (n: number) => `Kubernetes Credentials Mirror ${n}`,
  (n: number) => `Kubernetes Cluster Store ${n}`,
  (n: number) => `Remote Archive ${n}`,
  (n: number) => `Queue Webhook ${n}`,
  (n: number) => `Generated Block ${n}`,
];

const DESCRIPTIONS = [
  (n: number) => `Copies objects to an S3 bucket, number ${n}.`,
  (n: number) => `Reads kubernetes creds from a secret, number ${n}.`,
  (n: number) => `Generated block number ${n}.`,
];

/** Prefect catalogue JSON of `typeCount` generated block types with competing names and descriptions. */
export function searchCatalogue(typeCount: number): string {
  const catalogue = parseJson(generateCatalogue(typeCount)) as JsonObject;
  let index = 0;
  for (const collection of Object.values(catalogue.collections as JsonObject)) {
    for (const type of Object.values((collection as JsonObject).block_types as JsonObject)) {
      const block = type as JsonObject;
      block.name = NAMES[index % NAMES.length]?.(index) ?? `Generated Block ${index}`;
      block.description = DESCRIPTIONS[index % DESCRIPTIONS.length]?.(index) ?? null;
      index += 1;
    }
  }
  return stringifyJson(catalogue);
}
