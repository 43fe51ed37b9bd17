// The preview's errors (any one means nothing can be written) and warnings, each `file: path: message`.
import { useId } from 'react';
import { formatIssue, type RegistryIssue } from '../../../shared/errors';
import type { PreviewWarning, PreviewWarningKind } from '../../../shared/import-preview';
import { plural } from '../../lib/format';

const WARNING_KIND: Record<PreviewWarningKind, string> = {
  'checksum-mismatch': 'Checksum mismatch',
  'protected-slug': 'Protected block type',
  'name-differs': 'Name differs',
  'duplicate-slug': 'Duplicate slug',
};

export function PreviewErrors({ errors }: { errors: readonly RegistryIssue[] }) {
  const id = useId();
  if (errors.length === 0) return null;
  return (
    <section className="alert preview-errors" role="alert" aria-labelledby={id}>
      <h3 id={id}>{plural(errors.length, 'error', 'errors')}</h3>
      <p>Nothing will be written: fix these problems and import the files again.</p>
      <ul className="alert-issues">
        {errors.map((issue, index) => (
          <li key={index}>{formatIssue(issue)}</li>
        ))}
      </ul>
    </section>
  );
}

export function PreviewWarnings({ warnings }: { warnings: readonly PreviewWarning[] }) {
  const id = useId();
  if (warnings.length === 0) return null;
  return (
    <section className="preview-warnings" aria-labelledby={id}>
      <h3 id={id}>Warnings</h3>
      <ul className="warning-list">
        {warnings.map((warning, index) => (
          <li key={index}>
            <span className="warning-kind">{WARNING_KIND[warning.kind]}</span> <span className="warning-text">{formatIssue(warning)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
