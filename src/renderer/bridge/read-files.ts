// Dropped or chosen files to the bytes `previewImport` takes: files over the size limit are
// refused before anything is read (in main's words), and large files report progress as they load.
import type { ImportFile } from '../../shared/contract';
import type { RegistryIssue } from '../../shared/errors';
import { MAX_FILE_BYTES, MAX_IMPORT_FILES, oversizeMessage, tooManyFilesMessage } from '../../shared/limits';

/** Files from this size on are read as a stream, with a progress bar. */
export const LARGE_FILE_BYTES = 1024 * 1024;

export interface ReadProgress {
  /** 1-based position of the file being read. */
  index: number;
  count: number;
  name: string;
  /** Size of the file being read, and how much of it has been read. */
  size: number;
  loaded: number;
}

/** The problems that refuse a whole drop before reading: too many files, files too large. */
export function refuseBeforeReading(files: readonly File[]): RegistryIssue[] {
  if (files.length > MAX_IMPORT_FILES) return [{ message: tooManyFilesMessage(files.length) }];
  return files.filter((file) => file.size > MAX_FILE_BYTES).map((file) => ({ file: file.name, message: oversizeMessage(file.size) }));
}

/** Thrown when a file cannot be read (a folder, a file removed meanwhile, no permission). */
export class FileReadError extends Error {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(`the file cannot be read (${cause instanceof Error && cause.message !== '' ? cause.message : 'is it a folder?'}).`);
    this.file = file;
  }
}

async function readStream(file: File, onChunk: (loaded: number) => void): Promise<Uint8Array> {
  const reader = file.stream().getReader();
  let bytes = new Uint8Array(file.size);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > bytes.length) {
      // The file grew while it was read: make room.
      const larger = new Uint8Array(Math.max(bytes.length * 2, loaded + value.length));
      larger.set(bytes.subarray(0, loaded));
      bytes = larger;
    }
    bytes.set(value, loaded);
    loaded += value.length;
    onChunk(loaded);
  }
  return loaded === bytes.length ? bytes : bytes.slice(0, loaded);
}

async function readOne(file: File, onChunk: (loaded: number) => void): Promise<Uint8Array> {
  try {
    if (file.size >= LARGE_FILE_BYTES && typeof file.stream === 'function') return await readStream(file, onChunk);
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new FileReadError(file.name, error);
  }
}

/**
 * Reads the files one after the other. `onProgress` hears of each file as it starts and of large
 * files as they load; `stillWanted` returning false stops the reading (the import was cancelled).
 * Returns null when stopped.
 */
export async function readFiles(files: readonly File[], onProgress: (progress: ReadProgress) => void, stillWanted: () => boolean = () => true): Promise<ImportFile[] | null> {
  const read: ImportFile[] = [];
  for (const [position, file] of files.entries()) {
    if (!stillWanted()) return null;
    const progress = { index: position + 1, count: files.length, name: file.name, size: file.size };
    onProgress({ ...progress, loaded: 0 });
    const bytes = await readOne(file, (loaded) => onProgress({ ...progress, loaded }));
    read.push({ name: file.name, bytes });
  }
  return stillWanted() ? read : null;
}
