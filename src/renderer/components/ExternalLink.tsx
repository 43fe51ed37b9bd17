// A link that leaves the app: opened in the system browser through `openExternal`, never by
// navigating the window. Only http(s) URLs get one; anything else is shown as text.
import type { ReactNode } from 'react';
import { useRegistryStore } from '../store/context';
import { isHttpUrl } from '../model/urls';
import './ExternalLink.css';

interface Props {
  url: string | null | undefined;
  children: ReactNode;
  className?: string;
}

export function ExternalLink({ url, children, className = 'link-button' }: Props) {
  const store = useRegistryStore();
  if (!isHttpUrl(url)) return <span>{children}</span>;
  return (
    <button type="button" className={className} title={`${url} (opens in your browser)`} onClick={() => void store.getState().openExternal(url)}>
      {children}
      <span className="external-icon" aria-hidden="true">
        ↗
      </span>
    </button>
  );
}
