// Every migration the app knows, by name in order. Listed statically (not read from a folder)
// so that the bundled main process and the command line carry them.
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial';
import * as blockTypeOrigin from './0002_block_type_origin';
import * as registrationSourceFileStamp from './0003_registration_source_file_stamp';
import * as blockSchemaClientFields from './0004_block_schema_client_fields';

/**
 * A migration as Kysely's Migrator runs it on an existing file, with the SQL statements that
 * make it on a new (empty) one: there every migration's statements run at once, without the
 * Migrator (db/database-file).
 */
export interface RegistryMigration extends Migration {
  statements: readonly string[];
}

export const migrations: Record<string, RegistryMigration> = {
  '0001_initial': initial,
  '0002_block_type_origin': blockTypeOrigin,
  '0003_registration_source_file_stamp': registrationSourceFileStamp,
  '0004_block_schema_client_fields': blockSchemaClientFields,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
