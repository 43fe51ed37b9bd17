// A failed call, as the user sees it: what failed, the message and every issue (`file: path: message`).
import type { ApiError } from '../../shared/contract';
import { formatIssue } from '../../shared/errors';
import './ErrorAlert.css';

interface Props {
  error: ApiError;
  /** What failed, e.g. "Could not load the catalogue". */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

export function ErrorAlert({ error, title = 'Something went wrong', onRetry, onDismiss }: Props) {
  return (
    // The error's code is for programs (and a bug report: data-code), not for the reader.
    <div className="alert" role="alert" data-code={error.code}>
      <p className="alert-title">
        <strong>{title}</strong>
      </p>
      <p className="alert-message">{error.message}</p>
      {error.issues.length > 0 && (
        <ul className="alert-issues">
          {error.issues.map((issue, index) => (
            <li key={index}>{formatIssue(issue)}</li>
          ))}
        </ul>
      )}
      {(onRetry !== undefined || onDismiss !== undefined) && (
        <div className="alert-actions">
          {onRetry !== undefined && (
            <button type="button" className="button" onClick={onRetry}>
              Try again
            </button>
          )}
          {onDismiss !== undefined && (
            <button type="button" className="button button-quiet" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
