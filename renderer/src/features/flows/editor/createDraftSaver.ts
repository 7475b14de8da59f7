// Autosave of the draft: a short pause after the last change saves it with the revision it started
// from. One save at a time; changes made during a save are saved right after. A save the server
// refuses as CONFLICT (someone saved in between) stops autosaving and asks the designer to choose:
// nothing is ever overwritten silently. Triggers the server refuses for what they are (another
// active flow has the keyword) are no conflict: they are dropped from the save, kept as `refused`
// for the settings panel to show next to the field, and the document goes on saving.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import type { EditorStore } from './createEditorStore';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';
export type DraftMeta = { name?: string; triggerType?: 'keyword' | 'qr_code' | 'manual' | 'always'; triggerKeywords?: string[]; triggerQrCode?: string | null };
export type SavedDraft = { draftRevision: number; document: FlowDocument };

export type DraftServer = {
  save(input: { expectedRevision: number; document?: FlowDocument } & DraftMeta): Promise<SavedDraft>;
  /** The draft as saved now (to show what differs after a conflict). */
  load(): Promise<SavedDraft>;
};

/** Trigger changes the server refused, with its reason: the editor still shows them as typed. */
export type RefusedMeta = { meta: DraftMeta; message: string };
export type SaverState = { status: SaveStatus; error: string | null; theirs: SavedDraft | null; revision: number; refused: RefusedMeta | null };

export const AUTOSAVE_DELAY_MS = 800;

export function createDraftSaver(options: {
  editor: EditorStore;
  server: DraftServer;
  revision: number;
  delayMs?: number;
  isConflict(error: unknown): boolean;
  /** The server refused the triggers themselves (not someone else's save). */
  isRefusal?(error: unknown): boolean;
  describe(error: unknown): string;
}) {
  const { editor, server } = options;
  const state: StoreApi<SaverState> = createStore<SaverState>(() => ({
    status: 'saved',
    error: null,
    theirs: null,
    revision: options.revision,
    refused: null,
  }));
  let savedChange = editor.getState().changeCount;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let pendingMeta: DraftMeta | null = null;

  const dirty = () => editor.getState().changeCount !== savedChange || pendingMeta !== null;

  async function saveOnce(): Promise<void> {
    if (state.getState().status === 'conflict' || !dirty()) return;
    const changeAtSend = editor.getState().changeCount;
    const sendDocument = changeAtSend !== savedChange;
    const meta = pendingMeta;
    pendingMeta = null;
    // A field sent again is judged again: its earlier refusal no longer stands.
    state.setState({ status: 'saving', error: null, refused: meta ? withoutFields(state.getState().refused, meta) : state.getState().refused });
    try {
      const saved = await server.save({
        expectedRevision: state.getState().revision,
        ...(sendDocument ? { document: editor.getState().doc } : {}),
        ...(meta ?? {}),
      });
      savedChange = changeAtSend;
      state.setState({ revision: saved.draftRevision, status: dirty() ? 'unsaved' : 'saved' });
    } catch (error) {
      if (meta && options.isRefusal?.(error)) {
        // The name went with the refused triggers: it is sent again on its own.
        const { name, ...triggers } = meta;
        if (name !== undefined) pendingMeta = { name, ...(pendingMeta ?? {}) };
        state.setState({
          refused: { meta: { ...state.getState().refused?.meta, ...triggers }, message: options.describe(error) },
          status: dirty() ? 'unsaved' : 'saved',
        });
        return;
      }
      if (meta) pendingMeta = { ...meta, ...(pendingMeta ?? {}) };
      if (options.isConflict(error)) {
        const theirs = await server.load().catch(() => null);
        state.setState({ status: 'conflict', error: options.describe(error), theirs });
        return;
      }
      state.setState({ status: 'error', error: options.describe(error) });
    }
  }

  /** Saves now (and again while changes keep coming in during the save); resolves when done. */
  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (running) await running;
    while (dirty() && state.getState().status !== 'conflict') {
      running = saveOnce();
      try {
        await running;
      } finally {
        running = null;
      }
      if (state.getState().status === 'error') return;
    }
  }

  function schedule(): void {
    if (state.getState().status === 'conflict') return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, options.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  const unsubscribe = editor.subscribe((next, previous) => {
    if (next.changeCount === previous.changeCount) return;
    if (state.getState().status !== 'conflict' && state.getState().status !== 'saving') state.setState({ status: dirty() ? 'unsaved' : 'saved' });
    if (dirty()) schedule();
  });

  return {
    state,
    flush,
    /** Name and trigger changes not sent yet (the editor shows them as typed). */
    pendingMeta(): DraftMeta | null {
      return pendingMeta;
    },
    /** Name and triggers as the designer has them but the server does not: refused, then pending. */
    unsavedMeta(): DraftMeta {
      return { ...state.getState().refused?.meta, ...pendingMeta };
    },
    /** Name and triggers, saved with the same revision check as the document. */
    async saveMeta(meta: DraftMeta): Promise<void> {
      pendingMeta = { ...pendingMeta, ...meta };
      await flush();
    },
    /** After a conflict: save this editor's document over the saved draft, knowingly. */
    async keepMine(): Promise<void> {
      const theirs = state.getState().theirs ?? (await server.load());
      savedChange = -1; // force the document to be sent
      state.setState({ status: 'unsaved', theirs: null, error: null, revision: theirs.draftRevision });
      await flush();
    },
    /** After a conflict: drop this editor's changes and continue from the saved draft. */
    async takeTheirs(): Promise<void> {
      const theirs = state.getState().theirs ?? (await server.load());
      pendingMeta = null;
      state.setState({ refused: null });
      editor.getState().load(theirs.document);
      savedChange = editor.getState().changeCount;
      state.setState({ status: 'saved', theirs: null, error: null, revision: theirs.draftRevision });
    },
    /** A newer draft saved by this editor through another call (restore): adopt its revision. */
    adopt(saved: { draftRevision: number }): void {
      savedChange = editor.getState().changeCount;
      state.setState({ revision: saved.draftRevision, status: 'saved', error: null });
    },
    dispose(): void {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
export type DraftSaver = ReturnType<typeof createDraftSaver>;

function withoutFields(refused: RefusedMeta | null, sent: DraftMeta): RefusedMeta | null {
  if (!refused) return null;
  const left = Object.fromEntries(Object.entries(refused.meta).filter(([field]) => !(field in sent))) as DraftMeta;
  return Object.keys(left).length ? { ...refused, meta: left } : null;
}
