// The values lossless JSON holds: numbers keep their source text (a LosslessNumber; see json.ts).
// Apart from json.ts so that its reader (json-parse.ts) and its API need not import each other.
import type { LosslessNumber } from 'lossless-json';

export type JsonValue = null | boolean | string | LosslessNumber | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}
