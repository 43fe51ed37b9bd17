import type { HandlersOf, ImportHistoryContract } from '../../../shared/contract';
import { readLastImport } from '../../operations/last-import';
import type { HandlerContext } from '../context';

export function importHistoryHandlers(context: HandlerContext): HandlersOf<ImportHistoryContract> {
  return {
    getLastImport: () => Promise.resolve(readLastImport(context.registry.filePath)),
  };
}
