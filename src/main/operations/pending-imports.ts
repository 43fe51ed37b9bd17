// Imports waiting for the person: previews waiting for Register or Cancel, whose reading and
// registration are kept in main (the window only holds the preview's id); and dropped files
// waiting for the person to confirm running Python, kept so that the window sends them once.
// A few of each at most, the oldest forgotten first. Only the newest preview keeps its
// registration set aside (a copy of the database as it would be): Register of an older one
// registers its entries again.
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { RegistrationReport } from '../../shared/report';
import type { BlockFileInput } from '../block-files/block-file';
import type { StagedWrite } from '../db/database';
import type { ImportPreview } from '../../shared/import-preview';

export interface PendingImport {
  entries: RegistrationEntry[];
  report: RegistrationReport;
  staged: StagedWrite | null;
}

export class PendingImports {
  readonly #pending = new Map<string, PendingImport>();
  readonly #awaitingConfirmation = new Map<string, readonly BlockFileInput[]>();
  readonly #limit: number;

  constructor(limit = 8) {
    this.#limit = limit;
  }

  /** Keeps what a preview read and registered, when it can be applied (it has no error). */
  keep(preview: ImportPreview, pending: PendingImport): void {
    if (preview.errors.length > 0) return;
    for (const older of this.#pending.values()) older.staged = null;
    this.#pending.set(preview.id, pending);
    for (const id of [...this.#pending.keys()].slice(0, Math.max(0, this.#pending.size - this.#limit))) this.#pending.delete(id);
  }

  /** A kept preview, which is then forgotten: a preview is applied once. */
  take(previewId: string): PendingImport {
    const pending = this.#pending.get(previewId);
    if (pending === undefined) throw new RegistryError('not_found', 'This import preview is no longer available (already registered or cancelled). Drop the files again.');
    this.#pending.delete(previewId);
    return pending;
  }

  forget(previewId: string): void {
    this.#pending.delete(previewId);
  }

  /** Keeps files whose `.py` files wait for the person's confirmation; the id the confirming call names them by. */
  keepFiles(files: readonly BlockFileInput[]): string {
    const id = randomUUID();
    this.#awaitingConfirmation.set(id, files);
    // Each may hold up to a hundred files: only the newest few wait.
    for (const old of [...this.#awaitingConfirmation.keys()].slice(0, Math.max(0, this.#awaitingConfirmation.size - 2))) this.#awaitingConfirmation.delete(old);
    return id;
  }

  /** Files kept by keepFiles, which are then forgotten. */
  takeFiles(filesId: string): readonly BlockFileInput[] {
    const files = this.#awaitingConfirmation.get(filesId);
    if (files === undefined) throw new RegistryError('not_found', 'These files are no longer waiting for confirmation (already previewed, or others were dropped since). Drop them again.');
    this.#awaitingConfirmation.delete(filesId);
    return files;
  }
}
