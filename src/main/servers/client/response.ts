// What a Prefect server answered to one request, as the HTTP layer hands it to the readers of
// its shape (response-shapes) and its errors (response-errors).
import type { JsonValue } from '../../../shared/json';

export interface PrefectResponse {
  status: number;
  /** The body as JSON, or undefined when it is not JSON (an HTML page, nothing). */
  json: JsonValue | undefined;
  contentType: string;
  method: string;
  route: string;
  /** How many attempts it took (more than one after retries). */
  attempts?: number;
  /** The body's size as received. */
  bytes: number;
}
