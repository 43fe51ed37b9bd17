// A block type's logo. Its initials show while the image loads and stay when there is no logo or
// it fails to load (offline), so there is never an empty box.
import { useState } from 'react';
import { initials } from '../lib/initials';
import { isHttpUrl } from '../lib/urls';

interface Props {
  name: string;
  url: string | null;
  size?: 'small' | 'large';
}

export function Logo({ name, url, size = 'small' }: Props) {
  const [state, setState] = useState<{ url: string | null; status: 'loading' | 'loaded' | 'failed' }>({ url, status: 'loading' });
  // A new URL starts loading afresh.
  const status = state.url === url ? state.status : 'loading';
  const showImage = isHttpUrl(url) && status !== 'failed';
  // Decorative: the name is always shown next to it.
  return (
    <span className={`logo logo-${size}${status === 'loaded' && showImage ? ' logo-loaded' : ''}`} aria-hidden="true">
      {!(showImage && status === 'loaded') && <span className="logo-initials">{initials(name)}</span>}
      {showImage && (
        <img
          className="logo-image"
          src={url}
          alt=""
          loading="lazy"
          decoding="async"
          referrerPolicy="no-referrer"
          onLoad={() => setState({ url, status: 'loaded' })}
          onError={() => setState({ url, status: 'failed' })}
        />
      )}
    </span>
  );
}
