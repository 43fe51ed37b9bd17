// A source of block definitions registered at launch: its raw text is hashed first, so that an
// unchanged source is skipped without even being parsed.
import type { RegistrationBatch } from '../../shared/formats';
import type { SourceKind } from '../../shared/report';
import type { RegistrationMode } from '../registry/register-batch';

export interface RegistrationSource {
  /** Unique and stable: it keys the stored content hash. */
  name: string;
  kind: SourceKind;
  mode: RegistrationMode;
  /** The raw content; its hash decides whether the source changed. */
  readText(): string;
  /** The entries, from the text `readText` returned. Throws a RegistryError for bad content. */
  parse(text: string): RegistrationBatch;
}
