// Markdown from block types (descriptions, code examples). Raw HTML is shown as text (escaped,
// never parsed: no rehype-raw); URLs go through react-markdown's safe transform; links open only
// http(s) URLs and only in the system browser; images load only over http(s).
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import { isHttpUrl } from '../lib/urls';
import { ExternalLink } from './ExternalLink';

const components: Components = {
  a: ({ href, children }) => <ExternalLink url={href}>{children}</ExternalLink>,
  img: ({ src, alt }) => (typeof src === 'string' && isHttpUrl(src) ? <img className="markdown-image" src={src} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" /> : <span>{alt}</span>),
  // The page has its own h1/h2: headings inside the text sit below them.
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h5>{children}</h5>,
  h4: ({ children }) => <h6>{children}</h6>,
};

export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown components={components} urlTransform={defaultUrlTransform}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
