import type { ExportContract, HandlersOf } from '../../../shared/contract';
import { exportCatalogue, saveExport } from '../../operations/export';
import { freshDb, type HandlerContext } from '../context';

export function exportHandlers(context: HandlerContext): HandlersOf<ExportContract> {
  return {
    async exportBlockTypes({ slugs }) {
      const exported = await exportCatalogue(await freshDb(context), { slugs });
      const path = await context.chooseExportPath(slugs.length === 1 ? `${slugs[0]}.json` : 'block-registry-export.json');
      if (path !== null) saveExport(path, exported);
      return { path, block_types: exported.block_types, block_schemas: exported.block_schemas, nested_block_types: exported.nested_block_types };
    },
  };
}
