// The handlers behind the IPC contract, as plain functions of a database: Electron's ipcMain
// (index.ts), the tests and the end-to-end harness all call them through `dispatch`.
import { mkdirSync } from 'node:fs';
import type { ApiResponse, BlockSchemaDetail, Channel, ChannelArgs, ChannelResult, ResolvedReference } from '../shared/contract';
import { formatJsonPath, RegistryError } from '../shared/errors';
import { stringifyJson } from '../shared/json';
import type { RegistrationReport } from '../shared/report';
import type { RegistrationEntry } from '../shared/formats';
import { writeFileAtomic } from './db/atomic-file';
import type { RegistryDatabase } from './db/database';
import { exportCatalogue } from './export';
import { importEntries } from './import';
import { previewImport } from './import-preview';
import { autoRegisterFolder } from './sources/folder';
import { argumentValidators } from './ipc-arguments';
import { findNewestSchemaIdByChecksum, readBlockSchema, referenceEntries } from './registry/block-schemas';
import { readBlockTypeBySlug } from './registry/block-types';
import { countRows, readCatalogue, readSchemaSummaries } from './registry/catalogue';

export interface HandlerContext {
  registry: RegistryDatabase;
  /** The report of the launch-time registration, once it has run. */
  lastRegistration: () => RegistrationReport | null;
  /** Opens a URL in the system browser (Electron's shell.openExternal in the app). */
  openExternal: (url: string) => Promise<void>;
  /** Opens a folder in the file manager (Electron's shell.openPath). */
  openPath: (path: string) => Promise<void>;
  /** Asks where to save an export (Electron's save dialog); null when cancelled. */
  chooseExportPath: (suggestedName: string) => Promise<string | null>;
}

/** Previews kept for `applyImport`: a few at most, the oldest forgotten first. */
const MAX_PENDING_PREVIEWS = 8;

export type Handlers = { [C in Channel]: (args: ChannelArgs<C>) => Promise<ChannelResult<C>> };

export function createHandlers(context: HandlerContext): Handlers {
  // Every read first takes up what another process (the command line) may have saved.
  const db = async () => {
    await context.registry.refresh();
    return context.registry.db;
  };
  const pending = new Map<string, RegistrationEntry[]>();
  const folder = autoRegisterFolder(context.registry.path);
  return {
    async getOverview() {
      const counts = await countRows(await db());
      return {
        block_type_count: counts.blockTypes,
        block_schema_count: counts.blockSchemas,
        database_path: context.registry.path,
        last_registration: context.lastRegistration(),
        auto_register_folder: folder,
      };
    },
    listBlockTypes: async () => readCatalogue(await db()),
    async getBlockType({ slug }) {
      const reader = await db();
      const [entry] = await readCatalogue(reader, slug);
      if (entry === undefined) throw new RegistryError('not_found', `No block type with slug '${slug}'.`);
      return { entry, schemas: await readSchemaSummaries(reader, entry.block_type.id) };
    },
    async getBlockSchema({ id }): Promise<BlockSchemaDetail> {
      const reader = await db();
      const schema = await readBlockSchema(reader, id);
      if (schema === null) throw new RegistryError('not_found', 'Block schema not found');
      const { fields, ...rest } = schema;
      const references: ResolvedReference[] = [];
      for (const [property, entry] of referenceEntries(fields.block_schema_references ?? {})) {
        const type = await readBlockTypeBySlug(reader, entry.block_type_slug);
        const childId = await findNewestSchemaIdByChecksum(reader, entry.block_schema_checksum);
        references.push({
          property,
          block_type_slug: entry.block_type_slug,
          block_schema_checksum: entry.block_schema_checksum,
          block_type_name: type?.name ?? null,
          block_schema_id: childId,
        });
      }
      return { schema: rest, fields_json: stringifyJson(fields, 2), references };
    },
    getRegistrationReport: () => Promise.resolve(context.lastRegistration()),
    async openExternal({ url }) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new RegistryError('invalid_input', `Not a URL: ${url}`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new RegistryError('invalid_input', `Only http and https links are opened (refused ${parsed.protocol} link).`);
      }
      await context.openExternal(parsed.href);
      return null;
    },
    async previewImport({ files }) {
      const { preview, entries } = await previewImport(context.registry, files);
      if (preview.errors.length === 0) {
        pending.set(preview.id, entries);
        for (const id of [...pending.keys()].slice(0, Math.max(0, pending.size - MAX_PENDING_PREVIEWS))) pending.delete(id);
      }
      return preview;
    },
    async applyImport({ preview_id }) {
      const entries = pending.get(preview_id);
      if (entries === undefined) throw new RegistryError('not_found', 'This import preview is no longer available (already registered or cancelled). Drop the files again.');
      pending.delete(preview_id);
      const files = [...new Set(entries.map((entry) => entry.file))];
      return importEntries(context.registry, entries, files.join(', '));
    },
    cancelImport({ preview_id }) {
      pending.delete(preview_id);
      return Promise.resolve(null);
    },
    async exportBlockTypes({ slugs }) {
      const exported = await exportCatalogue(await db(), { slugs });
      const path = await context.chooseExportPath(slugs.length === 1 ? `${slugs[0]}.json` : 'block-registry-export.json');
      if (path === null) return { path: null, block_types: exported.block_types, block_schemas: exported.block_schemas };
      try {
        writeFileAtomic(path, new TextEncoder().encode(exported.text));
      } catch (error) {
        throw new RegistryError('save_failed', `Could not write ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { path, block_types: exported.block_types, block_schemas: exported.block_schemas };
    },
    async openAutoRegisterFolder() {
      mkdirSync(folder, { recursive: true });
      await context.openPath(folder);
      return { path: folder };
    },
  };
}

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(argumentValidators, name);
}

/**
 * Validates the channel and its argument, runs the handler, and turns every failure into a
 * typed error: nothing thrown here reaches the window as a crash.
 */
export async function dispatch(handlers: Handlers, channel: string, rawArgs: unknown): Promise<ApiResponse<unknown>> {
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
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error), issues: [] } };
  }
}
