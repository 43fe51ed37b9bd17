import { mkdirSync } from 'node:fs';
import type { DesktopContract, HandlersOf } from '../../../shared/contract';
import { autoRegisterFolder } from '../../sources/folder';
import type { HandlerContext } from '../context';
import { externalWebUrl } from '../window-security';

export function desktopHandlers(context: HandlerContext): HandlersOf<DesktopContract> {
  return {
    async openExternal({ url }) {
      await context.openExternal(externalWebUrl(url));
      return null;
    },
    async openAutoRegisterFolder() {
      const folder = autoRegisterFolder(context.registry.path);
      mkdirSync(folder, { recursive: true });
      await context.openPath(folder);
      return { path: folder };
    },
  };
}
