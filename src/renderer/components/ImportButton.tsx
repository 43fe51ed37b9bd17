// "Import…": a file chooser (the same flow as dropping files on the window).
import { useRef } from 'react';
import { useRegistry, useRegistryStore } from '../store/context';
import { importBusy } from '../store/import-slice';

/**
 * Never `disabled` while an import is busy (it would drop focus): aria-disabled, and clicks ignored.
 * `primary`: the catalogue page's main action (importing is the app's second job).
 */
export function ImportButton({ primary = false }: { primary?: boolean }) {
  const store = useRegistryStore();
  const busy = useRegistry((state) => importBusy(state.importPhase));
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={primary ? 'button button-primary' : 'button button-small'}
        onClick={() => {
          if (!busy) input.current?.click();
        }}
        aria-disabled={busy}
        title="Import block definition files (or drop them anywhere on the window)"
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Import block definition files"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Choosing the same file again must fire `change` again.
          event.currentTarget.value = '';
          // The hidden input never keeps focus: the dialog gives it back to the button.
          button.current?.focus();
          if (files.length > 0) void store.getState().importFiles(files);
        }}
      />
    </>
  );
}
