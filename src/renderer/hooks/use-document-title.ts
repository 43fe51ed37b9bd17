import { useEffect } from 'react';

export const APP_NAME = 'Block Registry';

/** Sets the window title to `title — Block Registry` while the view is shown. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title === null || title === '' ? APP_NAME : `${title} — ${APP_NAME}`;
  }, [title]);
}
