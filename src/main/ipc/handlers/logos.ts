import type { HandlersOf, LogoContract } from '../../../shared/contract';
import type { HandlerContext } from '../context';

export function logoHandlers(context: HandlerContext): HandlersOf<LogoContract> {
  return {
    getLogo: ({ url }) => context.logos.get(url),
  };
}
