// A source of block definitions registered at launch: its raw bytes are hashed first, so that an
// unchanged source is skipped without even being parsed.
import type { RegistrationBatch } from '../../shared/formats';
import type { SourceKind } from '../../shared/report';
import type { RegistrationMode } from '../registry/register-batch';

export interface RegistrationSource {
  /** Unique and stable: it keys the stored content hash. */
  name: string;
  kind: SourceKind;
  mode: RegistrationMode;
  /** The raw content; its hash decides whether the source changed. Throws a RegistryError when unreadable. */
  readContent: () => Uint8Array;
  /**
   * The stamp of the file `readContent` reads (platform/file-stamp), when it reads one file: a launch
   * that finds the stamp recorded at the last registration skips reading and hashing the source.
   * Null when the file has no trustworthy stamp now; absent for content that is not one file.
   */
  stamp?: () => string | null;
  /**
   * Other files whose content is part of the source's (the modules a `.py` file may import from
   * beside it): their bytes are hashed with its content and their stamps go into its stamp, so
   * that changing one of them registers the source again.
   */
  dependencies?: () => string[];
  /** The entries, from the bytes `readContent` returned. Rejects with a RegistryError for bad content. */
  parse(content: Uint8Array): Promise<RegistrationBatch>;
  /** Set when the source must not be read at all (a `.py` file the person did not allow to run): reported as skipped, saying why. */
  skipReason?: string;
}
