// Files dragged over the window, anywhere: `dragging` while files are over it (enter/leave events
// counted, since every element entered and left fires one), and the files when they are dropped.
// Listens on `window`, so a drop on any element (or one dispatched by a test) is seen; every file
// drag is prevented from its default, so the window never navigates to a dropped file.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Whether a drag carries files (during a drag only the types are readable, not the files). */
export function carriesFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types;
  if (types === undefined || types === null) return false;
  return Array.from(types).includes('Files');
}

/**
 * `accepting` false: drops are still kept from navigating the window, but no overlay shows and
 * `onFiles` is not called (an import is already under way).
 */
export function useFileDrop(onFiles: (files: File[]) => void, accepting: boolean): boolean {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const latest = useRef({ onFiles, accepting });
  useLayoutEffect(() => {
    latest.current = { onFiles, accepting };
  });

  useEffect(() => {
    const reset = (): void => {
      depth.current = 0;
      setDragging(false);
    };
    const onDragEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      if (latest.current.accepting) setDragging(true);
    };
    const onDragOver = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = latest.current.accepting ? 'copy' : 'none';
    };
    const onDragLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!carriesFiles(event) && (event.dataTransfer?.files.length ?? 0) === 0) return;
      event.preventDefault();
      reset();
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0 && latest.current.accepting) latest.current.onFiles(files);
    };
    // Escape hides the overlay (and only that: it does not also close a dialog under it).
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || depth.current === 0) return;
      event.stopPropagation();
      reset();
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, []);

  return dragging && accepting;
}
