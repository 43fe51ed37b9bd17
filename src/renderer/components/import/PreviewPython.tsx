// Which Python read each `.py` file of the import, with its Python and Prefect versions: the
// blocks shown are what that Prefect reports.
import { useId } from 'react';
import type { PreviewFile } from '../../../shared/import-preview';
import './PreviewPython.css';

export function PreviewPython({ files }: { files: readonly PreviewFile[] }) {
  const id = useId();
  const read = files.filter((file) => file.python !== undefined);
  if (read.length === 0) return null;
  return (
    <section className="preview-python" aria-labelledby={id}>
      <h3 id={id}>Read by Prefect</h3>
      <ul className="preview-python-list">
        {read.map((file, index) => (
          <li key={index}>
            <span className="preview-file-name">{file.name}</span>
            {file.python !== undefined && (
              <span>
                {' '}
                read with <code className="python-interpreter-path">{file.python.path}</code>: Python {file.python.python_version}, Prefect {file.python.prefect_version}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
