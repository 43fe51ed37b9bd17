// A block type's logo. Its initials show while main fetches it and the image loads, and stay when
// there is no logo or it cannot be had (offline, refused, not https), so there is never an empty
// box. The image is the data: URL main hands over (bridge/logos.ts): the window loads nothing remote.
import { useEffect, useState } from 'react';
import { initials } from '../model/initials';
import { knownLogo, logoDataUrl } from '../bridge/logos';
import { isHttpsUrl } from '../model/urls';
import './Logo.css';

interface Props {
  name: string;
  url: string | null;
  size?: 'small' | 'large';
}

/** The logo's data: URL, or null while it is being fetched and when it cannot be had. */
function useLogo(url: string | null): string | null {
  const [answer, setAnswer] = useState<{ url: string; dataUrl: string | null } | null>(null);
  useEffect(() => {
    if (!isHttpsUrl(url) || knownLogo(url) !== undefined) return undefined;
    let current = true;
    void logoDataUrl(url).then((dataUrl) => {
      if (current) setAnswer({ url, dataUrl });
    });
    return () => {
      current = false;
    };
  }, [url]);
  if (!isHttpsUrl(url)) return null;
  // A card shown again (the grid is virtualised) has its logo at once, without a flash of initials.
  return knownLogo(url) ?? (answer?.url === url ? answer.dataUrl : null);
}

export function Logo({ name, url, size = 'small' }: Props) {
  const dataUrl = useLogo(url);
  const [image, setImage] = useState<{ dataUrl: string; status: 'loaded' | 'failed' } | null>(null);
  const status = image !== null && image.dataUrl === dataUrl ? image.status : 'loading';
  const showImage = dataUrl !== null && status !== 'failed';
  const loaded = showImage && status === 'loaded';
  // Decorative: the name is always shown next to it.
  return (
    <span className={`logo logo-${size}${loaded ? ' logo-loaded' : ''}`} aria-hidden="true">
      {!loaded && <span className="logo-initials">{initials(name)}</span>}
      {showImage && <img className="logo-image" src={dataUrl} alt="" decoding="async" onLoad={() => setImage({ dataUrl, status: 'loaded' })} onError={() => setImage({ dataUrl, status: 'failed' })} />}
    </span>
  );
}
