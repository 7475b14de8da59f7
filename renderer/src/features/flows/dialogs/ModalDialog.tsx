// A modal dialog on the native <dialog> element: focus moves in and is kept there, Escape cancels.
import { useEffect, useRef, type ReactNode } from 'react';

export function ModalDialog({ title, children, onCancel, testId }: { title: string; children: ReactNode; onCancel(): void; testId?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="modal-title"
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}>
      <h2 id="modal-title">{title}</h2>
      {children}
    </dialog>
  );
}
