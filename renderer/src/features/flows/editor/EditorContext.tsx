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
  /** The person may look but not change (agents and viewers): no palette, no drags, no saves. */
  readOnly: boolean;
  /** What is plugged in now: read it when it is used (a command, an event), never while rendering. */
  ports: Readonly<EditorPorts>;
  /**
   * Plugs a port in, from the effect of the component that provides it; returns the effect's
   * cleanup, which unplugs it. (A method rather than assigning to `ports`, which is the context's
   * value: components must not modify what they get from a hook.)
   */
  attach<K extends keyof EditorPorts>(port: K, implementation: NonNullable<EditorPorts[K]>): () => void;
  run(id: CommandId, argument?: unknown): Promise<void>;
  commandContext(): CommandContext;
};

export function createEditorContextValue(editor: EditorStore, options: { readOnly?: boolean } = {}): EditorContextValue {
  const ports: EditorPorts = {};
  const attach = <K extends keyof EditorPorts>(port: K, implementation: NonNullable<EditorPorts[K]>) => {
    ports[port] = implementation;
    return () => {
      if (ports[port] === implementation) delete ports[port];
    };
  };
  const readOnly = options.readOnly === true;
  const commandContext = (): CommandContext => ({ editor, view: ports.view, host: ports.host, readOnly });
  return { editor, ports, readOnly, attach, commandContext, run: (id, argument) => runCommand(id, commandContext(), argument) };
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
