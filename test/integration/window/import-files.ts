// Block definition files for the import tests, built from the bundled catalogue, and a minimal
// DataTransfer as a file drag carries it (happy-dom has no drag and drop of its own).
import { fireEvent } from '@testing-library/react';
import { MAX_FILE_BYTES } from '../../../src/shared/formats';
import { stringifyJson, type JsonObject, type JsonValue } from '../../../src/shared/json';

export { catalogueType } from '../../helpers/catalogue-file';

/** A block type that is not registered, with one schema whose recorded checksum is wrong. */
export function newType(): JsonObject {
  return {
    name: 'My Block',
    slug: 'my-block',
    logo_url: null,
    documentation_url: null,
    description: 'A block of my own.',
    code_example: null,
    block_schema: {
      checksum: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      fields: { title: 'MyBlock', type: 'object', properties: { greeting: { title: 'Greeting', type: 'string' } }, block_type_slug: 'my-block', secret_fields: [], block_schema_references: {} },
      capabilities: [],
      version: '1.0.0',
    },
  };
}

export function jsonFile(name: string, value: JsonValue): File {
  return new File([stringifyJson(value, 2)], name, { type: 'application/json' });
}

export function textFile(name: string, text: string): File {
  return new File([text], name, { type: 'application/json' });
}

/** A file that says it is over the size limit (without holding 50 MB). */
export function oversizeFile(name: string): File {
  const file = textFile(name, '{}');
  Object.defineProperty(file, 'size', { value: MAX_FILE_BYTES + 1 });
  return file;
}

export async function bytesOf(file: File): Promise<number[]> {
  return [...new Uint8Array(await file.arrayBuffer())];
}

/** What a drag of files carries: the files, and 'Files' among its types. */
export function fileDrag(files: File[]): { dataTransfer: { files: File[]; types: string[] } } {
  return { dataTransfer: { files, types: ['Files'] } };
}

/** Drags the files over the window and drops them on `target`. */
export function dropFiles(files: File[], target: Element = document.body): void {
  fireEvent.dragEnter(target, fileDrag(files));
  fireEvent.dragOver(target, fileDrag(files));
  fireEvent.drop(target, fileDrag(files));
}
