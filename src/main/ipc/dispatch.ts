// Main's edge: validates the channel and its argument, runs the handler, and turns every
// failure into a typed error, so that nothing thrown here reaches the window as a crash.
import type { ApiResponse, Channel, HandlersOf, RegistryContract } from '../../shared/contract';
import { errorMessage, formatJsonPath, RegistryError } from '../../shared/errors';
import { argumentValidators } from './arguments';

function isChannel(name: string): name is Channel {
  return Object.hasOwn(argumentValidators, name);
}

export async function dispatch(handlers: HandlersOf<RegistryContract>, channel: string, rawArgs: unknown): Promise<ApiResponse<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'invalid_input', message: `Unknown call '${channel}'.`, issues: [] } };
  const parsed = argumentValidators[channel].safeParse(rawArgs);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatJsonPath(issue.path.map((key) => (typeof key === 'number' ? key : String(key)))), message: issue.message }));
    return { ok: false, error: { code: 'invalid_input', message: `Invalid arguments for ${channel}.`, issues } };
  }
  try {
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof RegistryError) return { ok: false, error: { code: error.code, message: error.message, issues: error.issues } };
    return { ok: false, error: { code: 'internal', message: errorMessage(error), issues: [] } };
  }
}
