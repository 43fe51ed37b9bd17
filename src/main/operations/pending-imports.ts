// Previewed imports waiting for the person to press Register or Cancel: the entries are kept in
// main (the window only holds the preview's id), a few at most, the oldest forgotten first.
import { RegistryError } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { ImportPreview } from '../../shared/import-preview';

export class PendingImports {
  readonly #entries = new Map<string, RegistrationEntry[]>();
  readonly #limit: number;

  constructor(limit = 8) {
    this.#limit = limit;
  }

  /** Keeps a preview that can be applied (one without errors). */
  keep(preview: ImportPreview, entries: RegistrationEntry[]): void {
    if (preview.errors.length > 0) return;
    this.#entries.set(preview.id, entries);
    for (const id of [...this.#entries.keys()].slice(0, Math.max(0, this.#entries.size - this.#limit))) this.#entries.delete(id);
  }

  /** The entries of a kept preview, which is then forgotten: a preview is applied once. */
  take(previewId: string): RegistrationEntry[] {
    const entries = this.#entries.get(previewId);
    if (entries === undefined) throw new RegistryError('not_found', 'This import preview is no longer available (already registered or cancelled). Drop the files again.');
    this.#entries.delete(previewId);
    return entries;
  }

  forget(previewId: string): void {
    this.#entries.delete(previewId);
  }
}
