// The editor's state for one open flow: the document, the selection and the undo history. Every
// change goes through `apply` with an explicit capture (Excalidraw's CaptureUpdateAction):
// - `immediately`: one undo step (adding, deleting, connecting, a finished drag);
// - `never`: not undoable (loading from the server, taking someone else's draft);
// and a `coalesce` key so typing into one field is one undo step, not one per keystroke.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { EMPTY_SELECTION, type Selection } from './flowEdits';

export const HISTORY_LIMIT = 200;

type Snapshot = { doc: FlowDocument; selection: Selection };
export type Capture = 'immediately' | 'never';
export type ApplyOptions = { capture?: Capture; coalesce?: string; select?: Selection };

export type EditorState = {
  doc: FlowDocument;
  selection: Selection;
  past: Snapshot[];
  future: Snapshot[];
  /** The coalesce key of the last undo step, so the next edit of the same field joins it. */
  lastCoalesce: string | null;
  /** Bumped on every change of the document (edits, undo, redo): autosave watches it. */
  changeCount: number;
  apply(recipe: (doc: FlowDocument) => FlowDocument, options?: ApplyOptions): void;
  load(doc: FlowDocument): void;
  select(selection: Selection): void;
  undo(): void;
  redo(): void;
};
export type EditorStore = StoreApi<EditorState>;

export function createEditorStore(initial: FlowDocument): EditorStore {
  return createStore<EditorState>((set, get) => ({
    doc: initial,
    selection: EMPTY_SELECTION,
    past: [],
    future: [],
    lastCoalesce: null,
    changeCount: 0,

    apply(recipe, options = {}) {
      const state = get();
      const doc = recipe(state.doc);
      const selection = options.select ?? state.selection;
      if (doc === state.doc) {
        if (options.select) set({ selection });
        return;
      }
      if (options.capture === 'never') {
        set({ doc, selection: keepExisting(selection, doc), changeCount: state.changeCount + 1 });
        return;
      }
      const joins = options.coalesce !== undefined && options.coalesce === state.lastCoalesce;
      set({
        doc,
        selection: keepExisting(selection, doc),
        past: joins ? state.past : [...state.past, { doc: state.doc, selection: state.selection }].slice(-HISTORY_LIMIT),
        future: [],
        lastCoalesce: options.coalesce ?? null,
        changeCount: state.changeCount + 1,
      });
    },

    load(doc) {
      set({ doc, selection: EMPTY_SELECTION, past: [], future: [], lastCoalesce: null });
    },

    select(selection) {
      // A new selection ends typing into a field: the next keystroke starts a new undo step.
      set({ selection, lastCoalesce: null });
    },

    undo() {
      const state = get();
      const previous = state.past[state.past.length - 1];
      if (!previous) return;
      set({
        doc: previous.doc,
        selection: keepExisting(previous.selection, previous.doc),
        past: state.past.slice(0, -1),
        future: [{ doc: state.doc, selection: state.selection }, ...state.future],
        lastCoalesce: null,
        changeCount: state.changeCount + 1,
      });
    },

    redo() {
      const state = get();
      const next = state.future[0];
      if (!next) return;
      set({
        doc: next.doc,
        selection: keepExisting(next.selection, next.doc),
        past: [...state.past, { doc: state.doc, selection: state.selection }],
        future: state.future.slice(1),
        lastCoalesce: null,
        changeCount: state.changeCount + 1,
      });
    },
  }));
}

/** The selection without ids the document no longer has. */
function keepExisting(selection: Selection, doc: FlowDocument): Selection {
  if (selection.blocks.length === 0 && selection.edges.length === 0 && selection.notes.length === 0) return selection;
  const blocks = new Set(doc.blocks.map((block) => block.id));
  const edges = new Set(doc.edges.map((edge) => edge.id));
  const notes = new Set((doc.settings.notes ?? []).map((note) => note.id));
  return {
    blocks: selection.blocks.filter((id) => blocks.has(id)),
    edges: selection.edges.filter((id) => edges.has(id)),
    notes: selection.notes.filter((id) => notes.has(id)),
  };
}
