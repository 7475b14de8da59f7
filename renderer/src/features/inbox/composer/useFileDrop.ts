// Files dragged onto the open conversation (the composer's `.thread` ancestor, so the whole thread
// is the drop target without the thread knowing about attachments) or pasted into the reply box.
import { useEffect, useState, type ClipboardEvent, type RefObject } from 'react';

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** Returns whether files are being dragged over the thread; `onFile` null refuses drops (window closed). */
export function useFileDrop(anchor: RefObject<HTMLElement | null>, onFile: ((file: File) => void) | null): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const target = anchor.current?.closest<HTMLElement>('.thread') ?? anchor.current;
    if (!target) return;
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Always claim file drags here: otherwise the browser would open the file in place of the app.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = onFile ? 'copy' : 'none';
      setDragging(onFile !== null);
    };
    const leave = (event: DragEvent) => {
      if (!target.contains(event.relatedTarget as Node | null)) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file && onFile) onFile(file);
    };
    target.addEventListener('dragenter', over);
    target.addEventListener('dragover', over);
    target.addEventListener('dragleave', leave);
    target.addEventListener('drop', drop);
    return () => {
      target.removeEventListener('dragenter', over);
      target.removeEventListener('dragover', over);
      target.removeEventListener('dragleave', leave);
      target.removeEventListener('drop', drop);
    };
  }, [anchor, onFile]);
  return dragging;
}

/** A pasted image (a screenshot) becomes the attachment; pasted text stays text. */
export function attachPasted(event: ClipboardEvent, onFile: (file: File) => void): void {
  const file = event.clipboardData.files[0];
  if (!file) return;
  event.preventDefault();
  onFile(file);
}
