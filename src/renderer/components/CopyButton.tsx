// A button that copies text, with "Copied" (or the failure) announced next to it.
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../bridge/clipboard';
import './CopyButton.css';

interface Props {
  text: string;
  /** The button's label, e.g. "Copy code example". */
  label: string;
}

export function CopyButton({ text, label }: Props) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const copy = async (): Promise<void> => {
    const ok = await copyText(text);
    setResult(ok ? 'copied' : 'failed');
    if (timer.current !== null) clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setResult(null), 2000);
  };
  return (
    <span className="copy">
      <button type="button" className="button button-small" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-feedback" role="status">
        {result === 'copied' ? 'Copied' : ''}
      </span>
      {result === 'failed' && (
        <span className="copy-failed" role="alert">
          Could not copy: the clipboard is not available. Select the text and copy it instead.
        </span>
      )}
    </span>
  );
}
