// Keyboard shortcuts written as `Mod+Shift+Z`: `Mod` is ⌘ on a Mac and Ctrl elsewhere.
import { COMMAND_IDS, EDITOR_COMMANDS, type CommandId, type EditorCommand } from './editorCommands';

export type KeyInput = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean };

export function matchShortcut(shortcut: string, event: KeyInput, isMac = false): boolean {
  const parts = shortcut.split('+').filter(Boolean);
  const key = shortcut.endsWith('++') || shortcut === '+' ? '+' : parts[parts.length - 1]!;
  const wants = new Set(parts.slice(0, -1));
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const other = isMac ? event.ctrlKey : event.metaKey;
  if (wants.has('Mod') !== mod || other) return false;
  if (wants.has('Alt') !== event.altKey) return false;
  // Shift is part of the key itself for symbols ("+" is Shift+= on most layouts).
  const symbol = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (!symbol && wants.has('Shift') !== event.shiftKey) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

/** The command a key press runs, if any; in text fields only the commands that allow it. */
export function commandForKey(event: KeyInput, options: { inTextField: boolean; isMac?: boolean }): CommandId | null {
  for (const id of COMMAND_IDS) {
    const command: EditorCommand = EDITOR_COMMANDS[id];
    if (options.inTextField && !command.inTextFields) continue;
    if (command.shortcuts?.some((shortcut) => matchShortcut(shortcut, event, options.isMac))) return id;
  }
  return null;
}

/** `Mod+Shift+Z` as this system writes it: `Ctrl+Shift+Z` or `⌘⇧Z`. */
export function describeShortcut(shortcut: string, isMac = false): string {
  if (!isMac) return shortcut.replace('Mod', 'Ctrl');
  return shortcut.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}
