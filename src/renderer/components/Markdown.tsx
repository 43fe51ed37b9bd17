// Markdown from block types (descriptions, code examples). Raw HTML is shown as text (escaped,
// never parsed: no rehype-raw); URLs go through react-markdown's safe transform; links open only
// http(s) URLs and only in the system browser. Images are never loaded (the window stays off the
// network): an http(s) image becomes a link to it, opened in the browser like any other.
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import { isHttpUrl } from '../model/urls';
import { ExternalLink } from './ExternalLink';
import './Markdown.css';

const components: Components = {
  a: ({ href, children }) => <ExternalLink url={href}>{children}</ExternalLink>,
  img: ({ src, alt }) =>
    typeof src === 'string' && isHttpUrl(src) ? (
      <ExternalLink url={src} className="link-button markdown-image-link">
        Image: {alt === undefined || alt.trim() === '' ? src : alt}
      </ExternalLink>
    ) : (
      <span>{alt}</span>
    ),
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
