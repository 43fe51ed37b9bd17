import type { ReactNode } from 'react';
import { href } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';

/** The address as a person typed it (`%3C` shown as `<`); React shows it as text. */
function readable(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}

/**
 * A page whose subject does not exist (an unknown slug or schema id): said plainly, with the way
 * back, no error code and no "Try again" (trying again cannot find it).
 */
export function MissingPage({ title, message }: { title: string; message: ReactNode }) {
  return (
    <div className="empty-state">
      <h1 tabIndex={-1}>{title}</h1>
      <p>{message}</p>
      <p>
        <a className="button button-primary" href={href.catalogue()}>
          Back to the catalogue
        </a>
      </p>
    </div>
  );
}

export function NotFoundView({ hash }: { hash: string }) {
  useDocumentTitle('Page not found');
  return (
    <MissingPage
      title="Page not found"
      message={
        <>
          There is no page at <code>{readable(hash)}</code>.
        </>
      }
    />
  );
}
