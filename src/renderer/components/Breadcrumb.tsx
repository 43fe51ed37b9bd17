import type { ReactNode } from 'react';
import './Breadcrumb.css';

export interface Crumb {
  label: ReactNode;
  /** Omitted for the current page (the last crumb). */
  href?: string;
}

export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        {items.map((item, index) => (
          <li key={index}>{item.href === undefined ? <span aria-current="page">{item.label}</span> : <a href={item.href}>{item.label}</a>}</li>
        ))}
      </ol>
    </nav>
  );
}
