// The preview's errors (any one means nothing can be written) and warnings, each `file: path: message`;
// an error in one entry also names the entry, the value refused and what would be valid.
import { useId } from 'react';
import { describeEntry, formatIssue, type RegistryIssue } from '../../../shared/errors';
import type { PreviewWarning, PreviewWarningKind } from '../../../shared/import-preview';
import { plural } from '../../model/format';
import './PreviewIssues.css';

const WARNING_KIND: Record<PreviewWarningKind, string> = {
  'checksum-mismatch': 'Checksum mismatch',
  'lossy-read-back': "Server's checksum kept",
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
      <p>Nothing will be written: fix these problems and import the files again. The block types below are those read without error.</p>
      <ul className="alert-issues">
        {errors.map((issue, index) => (
          <PreviewError key={index} issue={issue} />
        ))}
      </ul>
    </section>
  );
}

/** `file: path: message`, then the entry, the value and what would be valid, each labelled. */
function PreviewError({ issue }: { issue: RegistryIssue }) {
  const { entry, value, expected } = issue;
  const located: RegistryIssue = { message: issue.message };
  if (issue.file !== undefined) located.file = issue.file;
  if (issue.path !== undefined) located.path = issue.path;
  return (
    <li className="preview-error">
      <span className="preview-error-text">{formatIssue(located)}</span>
      {(entry !== undefined || value !== undefined || expected !== undefined) && (
        <dl className="preview-error-details">
          {entry !== undefined && <Detail label="Entry" text={describeEntry(entry).replace(/^entry ?/, '')} />}
          {value !== undefined && <Detail label="Value" text={value} code />}
          {expected !== undefined && <Detail label="Valid" text={expected} />}
        </dl>
      )}
    </li>
  );
}

function Detail({ label, text, code = false }: { label: string; text: string; code?: boolean }) {
  return (
    <div className="preview-error-detail">
      <dt>{label}</dt>
      <dd>{code ? <code>{text}</code> : text}</dd>
    </div>
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
