// Calls into the main process. Every call resolves to an ApiResponse: a rejected promise, a missing
// `window.api` or a malformed answer becomes an `internal` error the views can show.
import type { ApiError, ApiResponse, RegistryApi } from '../../shared/contract';
import { errorMessage } from '../../shared/errors';

/** Reads `window.api` at call time, so a bridge installed after this module loaded is still found. */
export function windowApi(): RegistryApi {
  const api = (window as Partial<Window>).api;
  if (api === undefined) throw new Error('The connection to the registry (window.api) is not available.');
  return api;
}

export function internalError(error: unknown): ApiError {
  return { code: 'internal', message: errorMessage(error), issues: [] };
}

function isApiResponse(value: unknown): value is ApiResponse<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}

/** Runs one API call; never rejects. */
export async function safeCall<T>(call: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
  try {
    const response: unknown = await call();
    if (!isApiResponse(response)) return { ok: false, error: internalError('The registry sent an unexpected answer.') };
    if (!response.ok) {
      const { code, message, issues } = response.error;
      return { ok: false, error: { code, message: String(message), issues: Array.isArray(issues) ? issues : [] } };
    }
    return response as ApiResponse<T>;
  } catch (error) {
    return { ok: false, error: internalError(error) };
  }
}
