// The open flow's editor for every component of the screen: its store and one way to run commands
// (with the canvas's view and the screen's host filled in once they are mounted).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { EditorState, EditorStore } from './createEditorStore';
import type { CommandContext, CommandId, EditorHost, EditorView } from './editorCommands';
import { runCommand } from './editorCommands';

export type EditorPorts = { view?: EditorView; host?: EditorHost };

export type EditorContextValue = {
  editor: EditorStore;
  ports: EditorPorts;
  run(id: CommandId, argument?: unknown): Promise<void>;
  commandContext(): CommandContext;
};

export function createEditorContextValue(editor: EditorStore): EditorContextValue {
  const ports: EditorPorts = {};
  const commandContext = (): CommandContext => ({ editor, view: ports.view, host: ports.host });
  return { editor, ports, commandContext, run: (id, argument) => runCommand(id, commandContext(), argument) };
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext outside an open flow');
  return value;
}

/** Reads from the open flow's editor state, re-rendering when the selected part changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorContext().editor, selector);
}
