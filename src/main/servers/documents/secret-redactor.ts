// Secret values read from a server (with the person's consent) live in main's memory for one
// operation and go nowhere else. A server may quote what it was sent (an error's detail, a
// validation message): every message an operation ends with passes through here first, each
// secret value replaced, as written and in the forms a server could quote it in.
import { type SecretValue } from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { isLosslessNumber, stringifyJson, type JsonValue } from '../../../shared/json';

/** What a secret value in a message becomes. */
export const REDACTED_SECRET = '[secret]';

/**
 * The shortest value replaced: a shorter one (`1`, `on`) would blank ordinary words of every
 * message, and guards nothing.
 */
const MIN_REDACTED_LENGTH = 4;

export class SecretRedactor {
  readonly #forms = new Set<string>();
  #pattern: RegExp | null = null;

  /** Remembers the values (strings as they are; other values as their JSON text and its parts). */
  add(secrets: readonly SecretValue[]): void {
    for (const { value } of secrets) this.#addValue(value);
    this.#pattern = null;
  }

  #addValue(value: JsonValue): void {
    if (value === null || typeof value === 'boolean') return;
    if (isLosslessNumber(value)) return this.#addText(value.value);
    if (typeof value === 'string') return this.#addText(value);
    this.#addText(stringifyJson(value));
    const parts = Array.isArray(value) ? value : Object.values(value);
    for (const part of parts) this.#addValue(part);
  }

  #addText(text: string): void {
    if (text.length < MIN_REDACTED_LENGTH) return;
    this.#forms.add(text);
    // As a JSON string escapes it (a server quoting the body it was sent), and percent-encoded (in a URL).
    this.#forms.add(JSON.stringify(text).slice(1, -1));
    this.#forms.add(encodeURIComponent(text));
  }

  get size(): number {
    return this.#forms.size;
  }

  redact(text: string): string {
    if (this.#forms.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#forms]
        .sort((a, b) => b.length - a.length)
        .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED_SECRET);
  }

  /** The error with every secret redacted from its message and issues; anything else as a RegistryError of its own words. */
  redactError(error: unknown): unknown {
    if (this.#forms.size === 0) return error;
    if (error instanceof RegistryError) {
      return new RegistryError(
        error.code,
        this.redact(error.message),
        error.issues.map((issue) => ({ ...issue, message: this.redact(issue.message), ...(issue.value === undefined ? {} : { value: this.redact(issue.value) }) })),
      );
    }
    return new RegistryError('internal', this.redact(error instanceof Error ? error.message : String(error)));
  }

  /** Runs `work`; whatever it throws leaves with the secrets redacted. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.redactError(error);
    }
  }
}
