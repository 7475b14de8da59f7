// Keyboard shortcuts and the system clipboard for the open flow: keys are looked up in the command
// registry; copy, cut and paste use the browser's clipboard events (no permission prompt), so
// blocks copied in one flow paste into another, or into another window.
import { useEffect } from 'react';
import type { EditorContextValue } from './EditorContext';
import { commandForKey } from './matchShortcut';
import { runCommand } from './editorCommands';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}
const inDialog = (target: EventTarget | null) => target instanceof Element && target.closest('dialog[open]') !== null;
/** Enter and Space on a button, link or tab belong to it (the block cards are not among them). */
const activatesControl = (event: KeyboardEvent) =>
  (event.key === 'Enter' || event.key === ' ') &&
  event.target instanceof Element &&
  event.target.closest('button, a[href], summary, [role="tab"], [role="button"]') !== null;

export function useEditorKeyboard(value: EditorContextValue): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || inDialog(event.target) || activatesControl(event)) return;
      const id = commandForKey(event, { inTextField: isTextField(event.target), isMac });
      // Copy, cut and paste run from the clipboard events below.
      if (!id || id === 'selection.copy' || id === 'selection.cut' || id === 'selection.paste') return;
      event.preventDefault();
      void value.run(id);
    };
    const clipboardContext = (data: DataTransfer) => ({
      ...value.commandContext(),
      host: { ...value.ports.host!, clipboard: { write: (text: string) => data.setData('text/plain', text), read: async () => data.getData('text/plain') } },
    });
    const onCopy = (cut: boolean) => (event: ClipboardEvent) => {
      if (isTextField(event.target) || inDialog(event.target) || !event.clipboardData) return;
      const { selection } = value.editor.getState();
      if (selection.blocks.length + selection.notes.length === 0) return;
      event.preventDefault();
      void runCommand(cut ? 'selection.cut' : 'selection.copy', clipboardContext(event.clipboardData));
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTextField(event.target) || inDialog(event.target) || !event.clipboardData) return;
      event.preventDefault();
      void runCommand('selection.paste', clipboardContext(event.clipboardData));
    };
    const copy = onCopy(false);
    const cut = onCopy(true);
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [value]);
}
