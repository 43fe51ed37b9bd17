// A small code editor for a JSON field, as Prefect's forms have: line numbers and colours under
// an ordinary textarea (typing, selection, undo and screen readers are the textarea's own). The
// coloured copy and the gutter follow the textarea's scrolling. No library: the form needs JSON
// only, and the window loads nothing from elsewhere.
import { useMemo, useRef, type ChangeEvent } from 'react';
import { jsonTokens } from '../model/json-tokens';
import './JsonCodeEditor.css';

interface Props {
  id: string;
  label: string | undefined;
  value: string;
  readOnly: boolean;
  invalid?: boolean;
  onChange?: (event: ChangeEvent<HTMLTextAreaElement>) => void;
}

/** At least two lines and at most sixteen; a longer value scrolls. */
function visibleRows(lines: number): number {
  return Math.min(Math.max(lines, 2), 16);
}

export function JsonCodeEditor({ id, label, value, readOnly, invalid = false, onChange }: Props) {
  const highlight = useRef<HTMLPreElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const tokens = useMemo(() => jsonTokens(value), [value]);
  const lines = value.split('\n').length;
  const follow = (textarea: HTMLTextAreaElement): void => {
    if (highlight.current !== null) {
      highlight.current.scrollTop = textarea.scrollTop;
      highlight.current.scrollLeft = textarea.scrollLeft;
    }
    if (gutter.current !== null) gutter.current.scrollTop = textarea.scrollTop;
  };
  return (
    <div className={invalid ? 'code-editor code-editor-invalid' : 'code-editor'} style={{ ['--code-editor-rows' as string]: visibleRows(lines) }}>
      <div ref={gutter} className="code-editor-gutter" aria-hidden="true">
        {Array.from({ length: lines }, (_, index) => (
          <span key={index}>{index + 1}</span>
        ))}
      </div>
      <div className="code-editor-body">
        <pre ref={highlight} className="code-editor-highlight" aria-hidden="true">
          {tokens.map((token, index) =>
            token.kind === 'text' ? (
              token.text
            ) : (
              <span key={index} className={`json-${token.kind}`}>
                {token.text}
              </span>
            ),
          )}
          {/* A last empty line still has its height, as in the textarea. */}
          {'\n'}
        </pre>
        <textarea
          id={id}
          aria-label={label}
          className="code-editor-input schema-form-code"
          value={value}
          readOnly={readOnly}
          aria-invalid={invalid || undefined}
          onChange={onChange}
          onScroll={(event) => follow(event.currentTarget)}
          placeholder="JSON"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          rows={visibleRows(lines)}
        />
      </div>
    </div>
  );
}
