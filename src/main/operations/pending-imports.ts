// Previewed imports waiting for the person to press Register or Cancel: what was read and what
// registering it did are kept in main (the window only holds the preview's id), a few at most,
// the oldest forgotten first. Only the newest keeps its registration set aside (a copy of the
// database as it would be): Register of an older one registers its entries again.
import { RegistryError } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { RegistrationReport } from '../../shared/report';
import type { StagedWrite } from '../db/database';
import type { ImportPreview } from '../../shared/import-preview';

export interface PendingImport {
  entries: RegistrationEntry[];
  report: RegistrationReport;
  staged: StagedWrite | null;
}

export class PendingImports {
  readonly #pending = new Map<string, PendingImport>();
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
}
