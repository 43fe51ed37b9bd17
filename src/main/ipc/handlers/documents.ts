import type { DocumentsContract, HandlersOf } from '../../../shared/contract';
import { registrySchemaSupply } from '../../operations/document-schemas';
import { connectionsFile } from '../../servers/connection-store';
import { clientFor, type ServersEnvironment } from '../../servers/connections';
import { listDocuments, showDocument } from '../../servers/documents/browse';
import { DocumentsClient } from '../../servers/documents/client';
import { copyDocuments } from '../../servers/documents/copy';
import { NO_ENCRYPTION } from '../../servers/secret-encryptor';
import type { HandlerContext } from '../context';

export function documentsHandlers(context: HandlerContext): HandlersOf<DocumentsContract> {
  // The same connections as the servers page (handlers/servers.ts): the file beside the database, its secrets decrypted in main.
  const servers: ServersEnvironment = {
    file: connectionsFile(context.registry.path),
    encryptor: context.secretEncryptor ?? NO_ENCRYPTION,
    env: context.prefectEnv ?? process.env,
  };
  const documentsOf = (id: string): DocumentsClient => new DocumentsClient(clientFor(servers, id));
  const copy = (args: { from: string; to: string; ids: string[]; include_secrets: boolean }, dryRun: boolean) => {
    const source = clientFor(servers, args.from);
    const target = clientFor(servers, args.to);
    return copyDocuments(
      new DocumentsClient(source),
      new DocumentsClient(target),
      args.ids.map((id) => ({ id })),
      registrySchemaSupply(context.registry, source, target),
      { includeSecrets: args.include_secrets, dryRun },
    );
  };
  return {
    listDocuments: ({ connection_id, slugs, anonymous }) => listDocuments(documentsOf(connection_id), { slugs, anonymous }),
    getDocument: ({ connection_id, id }) => showDocument(documentsOf(connection_id), { id }),
    previewCopy: (args) => copy(args, true),
    copyDocuments: (args) => copy(args, false),
  };
}
