import type { BrowseContract, HandlersOf } from '../../../shared/contract';
import { readBlockSchemaDetail, readBlockTypeDetail, readOverview } from '../../operations/browse';
import { readCatalogue } from '../../registry/catalogue';
import { autoRegisterFolder } from '../../sources/folder';
import { freshDb, type HandlerContext } from '../context';

export function browseHandlers(context: HandlerContext): HandlersOf<BrowseContract> {
  return {
    getOverview: async () =>
      readOverview(await freshDb(context), {
        databasePath: context.registry.path,
        autoRegisterFolder: autoRegisterFolder(context.registry.path),
        lastRegistration: context.lastRegistration(),
      }),
    listBlockTypes: async () => readCatalogue(await freshDb(context)),
    getBlockType: async ({ slug }) => readBlockTypeDetail(await freshDb(context), slug),
    getBlockSchema: async ({ id }) => readBlockSchemaDetail(await freshDb(context), id),
    getRegistrationReport: () => Promise.resolve(context.lastRegistration()),
  };
}
