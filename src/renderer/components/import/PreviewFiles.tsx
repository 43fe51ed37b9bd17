// Each file of the import with the format it was recognised as, and how many errors it has.
import { useId } from 'react';
import type { RegistryIssue } from '../../../shared/errors';
import type { PreviewFile } from '../../../shared/import-preview';
import { plural } from '../../model/format';
import './PreviewFiles.css';

export function PreviewFiles({ files, errors = [] }: { files: readonly PreviewFile[]; errors?: readonly RegistryIssue[] }) {
  const id = useId();
  const errorsOf = (name: string): number => errors.filter((error) => error.file === name).length;
  return (
    <section className="preview-files" aria-labelledby={id}>
      <h3 id={id}>{files.length === 1 ? 'File' : `Files (${files.length.toLocaleString('en-US')})`}</h3>
      <ul className="preview-file-list">
        {files.map((file, index) => (
          <li key={index}>
            <span className="preview-file-name">{file.name}</span>
            {file.format_label === null ? (
              <span className="preview-file-format preview-file-unknown">not read: see the errors</span>
            ) : (
              <span className="preview-file-format">
                {file.format_label} <span className="muted">({plural(file.block_types, 'block type', 'block types')})</span>
                {errorsOf(file.name) > 0 && <span className="preview-file-errors">{`, and ${plural(errorsOf(file.name), 'error', 'errors')}`}</span>}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
