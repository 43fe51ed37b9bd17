import type { DocumentsContract, HandlersOf, SaveDocumentArgs } from '../../../shared/contract';
import { RegistryError } from '../../../shared/errors';
import { isJsonObject, parseJson } from '../../../shared/json';
import { registrySchemaSupply } from '../../operations/document-schemas';
import { connectionsFile } from '../../servers/connection-store';
import { clientFor, type ServersEnvironment } from '../../servers/connections';
import { listDocuments, showDocument } from '../../servers/documents/browse';
import { DocumentsClient } from '../../servers/documents/client';
import { compareDocument, compareServerDocuments } from '../../servers/documents/compare';
import { copyDocuments } from '../../servers/documents/copy';
import { documentForm, saveDocument, validateDocument, type SaveRequest } from '../../servers/documents/save';
import { previewUpgrade, upgradeDocument } from '../../servers/documents/upgrade';
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
  const formContext = (connectionId: string) => {
    const client = clientFor(servers, connectionId);
    // A new document's schema is pushed from this registry when the server lacks it; nothing is pulled.
    return { documents: new DocumentsClient(client), supply: registrySchemaSupply(context.registry, null, client) };
  };
  return {
    listDocuments: ({ connection_id, slugs, anonymous }) => listDocuments(documentsOf(connection_id), { slugs, anonymous }),
    getDocument: ({ connection_id, id }) => showDocument(documentsOf(connection_id), { id }),
    previewCopy: (args) => copy(args, true),
    copyDocuments: (args) => copy(args, false),
    getDocumentForm: (args) => {
      const { documents, supply } = formContext(args.connection_id);
      return documentForm(documents, supply, 'id' in args ? { id: args.id } : { slug: args.slug });
    },
    validateDocument: (args) => {
      const { documents, supply } = formContext(args.connection_id);
      return validateDocument(documents, supply, saveRequest(args));
    },
    saveDocument: (args) => {
      const { documents, supply } = formContext(args.connection_id);
      return saveDocument(documents, supply, saveRequest(args));
    },
    compareDocument: ({ left, right, id, include_secrets }) => compareDocument(documentsOf(left), documentsOf(right), { id }, include_secrets),
    compareServerDocuments: ({ left, right }) => compareServerDocuments(documentsOf(left), documentsOf(right)),
    previewUpgrade: ({ connection_id, id }) => previewUpgrade(documentsOf(connection_id), { id }),
    upgradeDocument: ({ connection_id, id }) => upgradeDocument(documentsOf(connection_id), { id }),
  };
}

/** The form's values as main reads them: lossless JSON, an object. */
function saveRequest(args: SaveDocumentArgs): SaveRequest {
  let values: unknown;
  try {
    values = parseJson(args.values_json);
  } catch {
    // Not quoted: the values may hold a secret the person typed.
    throw new RegistryError('invalid_input', 'The form sent values that are not JSON.');
  }
  if (!isJsonObject(values)) throw new RegistryError('invalid_input', 'The form sent values that are not a JSON object.');
  return { id: args.id, slug: args.slug, name: args.name, values, schema: { checksum: args.schema_checksum, version: args.schema_version } };
}
