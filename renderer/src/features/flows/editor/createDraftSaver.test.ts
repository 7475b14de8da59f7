import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { createDraftSaver, type DraftServer, type SavedDraft } from './createDraftSaver';
import { createEditorStore } from './createEditorStore';
import { flowEdits } from './flowEdits';

class ConflictError extends Error {}
class TakenError extends Error {}

/** A draft store with the server's rule: a save names the revision it started from. */
function fakeServer(initial: FlowDocument) {
  let saved: SavedDraft = { draftRevision: 1, document: initial };
  const calls: { expectedRevision: number; hasDocument: boolean; triggerKeywords?: string[]; name?: string }[] = [];
  let gate: Promise<void> | null = null;
  /** Keywords another active flow has: a save with one is refused, like the server does. */
  let taken: string[] = [];
  const server: DraftServer = {
    async save(input) {
      calls.push({
        expectedRevision: input.expectedRevision,
        hasDocument: input.document !== undefined,
        ...(input.triggerKeywords ? { triggerKeywords: input.triggerKeywords } : {}),
        ...(input.name ? { name: input.name } : {}),
      });
      if (gate) await gate;
      if (input.expectedRevision !== saved.draftRevision) throw new ConflictError(`revision ${input.expectedRevision} is not ${saved.draftRevision}`);
      const clash = input.triggerKeywords?.find((keyword) => taken.includes(keyword));
      if (clash) throw new TakenError(`the active flow "Outro" already starts with the keyword "${clash}"`);
      saved = { draftRevision: saved.draftRevision + 1, document: input.document ?? saved.document };
      return saved;
    },
    async load() {
      return saved;
    },
  };
  return {
    server,
    calls,
    current: () => saved,
    take(keywords: string[]) {
      taken = keywords;
    },
    /** Someone else saves (another tab). */
    saveElsewhere(document: FlowDocument) {
      saved = { draftRevision: saved.draftRevision + 1, document };
    },
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const doc = () => flowFixture([message('a', 'Oi'), end('z')], [['a', 'z']]);
const rename = (text: string) => (current: FlowDocument) =>
  flowEdits.updateBlock(current, 'a', (block) => ({ ...block, data: { kind: 'text', text } }) as typeof block);

function setup() {
  const editor = createEditorStore(doc());
  const fake = fakeServer(doc());
  const saver = createDraftSaver({
    editor,
    server: fake.server,
    revision: 1,
    delayMs: 60_000,
    isConflict: (error) => error instanceof ConflictError,
    isRefusal: (error) => error instanceof TakenError,
    describe: (error) => (error as Error).message,
  });
  return { editor, fake, saver };
}

describe('draft autosave', () => {
  it('saves the document with the revision it started from, and tracks the new one', async () => {
    const { editor, fake, saver } = setup();
    expect(saver.state.getState().status).toBe('saved');
    editor.getState().apply(rename('Olá'));
    expect(saver.state.getState().status).toBe('unsaved');
    await saver.flush();
    expect(saver.state.getState()).toMatchObject({ status: 'saved', revision: 2 });
    expect(fake.current().document.blocks[0]).toMatchObject({ data: { text: 'Olá' } });
    editor.getState().apply(rename('Olá!'));
    await saver.flush();
    expect(fake.calls.map((call) => call.expectedRevision)).toEqual([1, 2]);
    // Nothing changed: nothing is sent.
    await saver.flush();
    expect(fake.calls).toHaveLength(2);
    saver.dispose();
  });

  it('changes made while a save is in flight are saved right after it', async () => {
    const { editor, fake, saver } = setup();
    editor.getState().apply(rename('one'));
    const release = fake.hold();
    const flushing = saver.flush();
    await Promise.resolve();
    editor.getState().apply(rename('two'));
    release();
    await flushing;
    expect(fake.current().document.blocks[0]).toMatchObject({ data: { text: 'two' } });
    expect(saver.state.getState().status).toBe('saved');
    saver.dispose();
  });

  it('a conflicting save stops autosave and shows the saved draft; "keep mine" saves over it knowingly', async () => {
    const { editor, fake, saver } = setup();
    fake.saveElsewhere(flowFixture([message('a', 'from the other tab'), end('z')], [['a', 'z']]));
    editor.getState().apply(rename('mine'));
    await saver.flush();
    expect(saver.state.getState().status).toBe('conflict');
    expect(saver.state.getState().theirs?.document.blocks[0]).toMatchObject({ data: { text: 'from the other tab' } });
    // Further edits do not overwrite anything while the conflict is open.
    editor.getState().apply(rename('mine, edited'));
    await saver.flush();
    expect(fake.current().document.blocks[0]).toMatchObject({ data: { text: 'from the other tab' } });

    await saver.keepMine();
    expect(saver.state.getState()).toMatchObject({ status: 'saved', revision: 3 });
    expect(fake.current().document.blocks[0]).toMatchObject({ data: { text: 'mine, edited' } });
    saver.dispose();
  });

  it('"take theirs" loads the saved draft into the editor and carries on from its revision', async () => {
    const { editor, fake, saver } = setup();
    fake.saveElsewhere(flowFixture([message('a', 'theirs'), end('z')], [['a', 'z']]));
    editor.getState().apply(rename('mine'));
    await saver.flush();
    await saver.takeTheirs();
    expect(editor.getState().doc.blocks[0]).toMatchObject({ data: { text: 'theirs' } });
    expect(saver.state.getState()).toMatchObject({ status: 'saved', revision: 2 });
    editor.getState().apply(rename('theirs, then mine'));
    await saver.flush();
    expect(fake.current()).toMatchObject({ draftRevision: 3 });
    saver.dispose();
  });

  it('name and trigger changes go through the same revision check', async () => {
    const { editor, fake, saver } = setup();
    await saver.saveMeta({ triggerKeywords: ['oi', 'menu'] });
    expect(fake.calls).toEqual([{ expectedRevision: 1, hasDocument: false, triggerKeywords: ['oi', 'menu'] }]);
    editor.getState().apply(rename('x'));
    await saver.flush();
    expect(fake.calls[1]).toMatchObject({ expectedRevision: 2, hasDocument: true });
    saver.dispose();
  });

  it('triggers the server refuses are kept as typed with the reason, not taken for a conflict; the document goes on saving', async () => {
    const { editor, fake, saver } = setup();
    fake.take(['promo']);
    editor.getState().apply(rename('with the keyword'));
    await saver.saveMeta({ triggerKeywords: ['oi', 'promo'], name: 'Novo nome' });
    expect(saver.state.getState()).toMatchObject({
      status: 'saved',
      refused: { meta: { triggerKeywords: ['oi', 'promo'] }, message: 'the active flow "Outro" already starts with the keyword "promo"' },
    });
    expect(saver.unsavedMeta()).toEqual({ triggerKeywords: ['oi', 'promo'] });
    // The document and the name were saved after the refusal, on their own.
    expect(fake.current().document.blocks[0]).toMatchObject({ data: { text: 'with the keyword' } });
    expect(fake.calls.slice(1)).toEqual([{ expectedRevision: 1, hasDocument: true, name: 'Novo nome' }]);
    // Sending the keywords again judges them again: without the taken one they are saved.
    await saver.saveMeta({ triggerKeywords: ['oi'] });
    expect(saver.state.getState()).toMatchObject({ status: 'saved', refused: null, revision: 3 });
    expect(saver.unsavedMeta()).toEqual({});
    saver.dispose();
  });
});
