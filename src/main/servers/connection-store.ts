// The saved Prefect server connections: one JSON file beside the database (the app's user-data
// folder), replaced atomically. A secret is stored only as the bytes the encryptor made (base64).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { errorMessage, RegistryError } from '../../shared/errors';
import { SERVER_AUTH_KINDS } from '../../shared/servers';
import { replaceFileAtomic } from '../platform/atomic-file';

const CONNECTIONS_FILE_NAME = 'server-connections.json';

const storedConnection = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  api_url: z.string().min(1),
  auth: z.enum(SERVER_AUTH_KINDS),
  /** base64 of the encryptor's bytes; null without a secret. */
  encrypted_secret: z.string().nullable(),
});
const storedFile = z.object({ version: z.literal(1), connections: z.array(storedConnection) });

export type StoredConnection = z.infer<typeof storedConnection>;

/** The connections file for a database: in the same folder (the user-data folder for the app). */
export function connectionsFile(databasePath: string): string {
  return join(dirname(databasePath), CONNECTIONS_FILE_NAME);
}

export function readStoredConnections(file: string): StoredConnection[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RegistryError('prefect_config', `Could not read the saved server connections ${file}: ${errorMessage(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RegistryError('prefect_config', `The saved server connections ${file} are not valid JSON; move the file aside to start over.`);
  }
  const result = storedFile.safeParse(parsed);
  if (!result.success) throw new RegistryError('prefect_config', `The saved server connections ${file} are not in the expected form; move the file aside to start over.`);
  return result.data.connections;
}

export function writeStoredConnections(file: string, connections: readonly StoredConnection[]): void {
  mkdirSync(dirname(file), { recursive: true });
  replaceFileAtomic(file, new TextEncoder().encode(`${JSON.stringify({ version: 1, connections }, null, 2)}\n`));
}
