import { describe, expect, it } from 'vitest';
import type { BlockOf } from '#shared/flows/blocks.js';
import { emptyFlowDocument, type FlowDocument } from '#shared/flows/flowDocument.js';
import { layoutFlow } from '#shared/flows/layoutFlow.js';
import { choices, end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { validateFlow } from '#shared/flows/validateFlow.js';
import { createEditorStore, HISTORY_LIMIT } from './createEditorStore';
import { runCommand, type CommandContext } from './editorCommands';
import { CLIPBOARD_FORMAT, parseClipboard } from './flowClipboard';
import { EMPTY_SELECTION, flowEdits } from './flowEdits';
import { commandForKey } from './matchShortcut';

function setup(doc: FlowDocument = emptyFlowDocument()) {
  const editor = createEditorStore(doc);
  let counter = 0;
  let clipboardText: string | null = null;
  const context: CommandContext = {
    editor,
    newId: (prefix) => `${prefix}${++counter}`,
    host: {
      clipboard: {
        write: (text) => {
          clipboardText = text;
        },
        read: async () => clipboardText,
      },
    },
  };
  return {
    editor,
    context,
    clipboard: () => clipboardText,
    setClipboard: (text: string) => {
      clipboardText = text;
    },
  };
}

const sample = () =>
  flowFixture(
    [message('hello', 'Olá!'), choices('ask', 'Quer ver o cardápio?', ['Sim', 'Não']), end('bye')],
    [
      ['hello', 'ask'],
      ['ask', 'option:ask_o1', 'bye'],
      ['ask', 'option:ask_o2', 'bye'],
    ],
  );

describe('editor commands and history', () => {
  it('adds a block as the start of an empty flow, selected, and undo/redo walk through it', async () => {
    const { editor, context } = setup();
    await runCommand('block.add', context, { type: 'message', position: { x: 10, y: 20 } });
    const added = editor.getState().doc.blocks[0]!;
    expect(added).toMatchObject({ id: 'b1', type: 'message', position: { x: 10, y: 20 } });
    expect(editor.getState().doc.startBlockId).toBe('b1');
    expect(editor.getState().selection.blocks).toEqual(['b1']);

    await runCommand('block.add', context, { type: 'end', position: { x: 300, y: 20 } });
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['b1', 'b2']);
    await runCommand('history.undo', context);
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['b1']);
    await runCommand('history.undo', context);
    expect(editor.getState().doc.blocks).toEqual([]);
    expect(editor.getState().doc.startBlockId).toBeNull();
    await runCommand('history.redo', context);
    await runCommand('history.redo', context);
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['b1', 'b2']);
    // Nothing left to redo: the command is disabled and changes nothing.
    const before = editor.getState().doc;
    await runCommand('history.redo', context);
    expect(editor.getState().doc).toBe(before);
  });

  it('a new change after undo drops the redo branch', async () => {
    const { editor, context } = setup();
    await runCommand('block.add', context, { type: 'message' });
    await runCommand('history.undo', context);
    await runCommand('block.add', context, { type: 'end' });
    expect(editor.getState().future).toEqual([]);
    await runCommand('history.redo', context);
    expect(editor.getState().doc.blocks.map((block) => block.type)).toEqual(['end']);
  });

  it('typing into one field is one undo step; another field or a selection starts a new one', () => {
    const { editor } = setup(sample());
    const type = (text: string, field: string) =>
      editor
        .getState()
        .apply((doc) => flowEdits.updateBlock(doc, 'hello', (block) => ({ ...block, data: { kind: 'text', text } }) as typeof block), { coalesce: field });
    type('O', 'hello.text');
    type('Oi', 'hello.text');
    type('Oi!', 'hello.text');
    expect(editor.getState().past).toHaveLength(1);
    editor.getState().select({ ...EMPTY_SELECTION, blocks: ['ask'] });
    type('Oi!!', 'hello.text');
    expect(editor.getState().past).toHaveLength(2);
    editor.getState().undo();
    expect((editor.getState().doc.blocks[0] as BlockOf<'message'>).data).toEqual({ kind: 'text', text: 'Oi!' });
    editor.getState().undo();
    expect((editor.getState().doc.blocks[0] as BlockOf<'message'>).data).toEqual({ kind: 'text', text: 'Olá!' });
  });

  it('changes made without capture (loading, a remote draft) are not undoable', () => {
    const { editor } = setup(sample());
    editor.getState().apply((doc) => flowEdits.remove(doc, { ...EMPTY_SELECTION, blocks: ['bye'] }), { capture: 'never' });
    expect(editor.getState().past).toEqual([]);
    expect(editor.getState().changeCount).toBe(1);
  });

  it('keeps at most HISTORY_LIMIT undo steps', () => {
    const { editor } = setup(sample());
    for (let index = 0; index < HISTORY_LIMIT + 25; index++) {
      editor.getState().apply((doc) => flowEdits.move(doc, { hello: { x: index, y: 0 } }));
    }
    expect(editor.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('deletes the selection with the edges that touched it, clears the start, and undo brings all back', async () => {
    const { editor, context } = setup(sample());
    editor.getState().select({ ...EMPTY_SELECTION, blocks: ['hello'] });
    await runCommand('selection.delete', context);
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['ask', 'bye']);
    expect(editor.getState().doc.edges.map((edge) => edge.source)).toEqual(['ask', 'ask']);
    expect(editor.getState().doc.startBlockId).toBeNull();
    expect(editor.getState().selection.blocks).toEqual([]);
    await runCommand('history.undo', context);
    expect(editor.getState().doc).toEqual(sample());
    expect(editor.getState().selection.blocks).toEqual(['hello']);
  });

  it('connecting a handle that already leads somewhere replaces its edge; removing an option drops its edge', () => {
    const { editor } = setup(sample());
    editor.getState().apply((doc) => flowEdits.connect(doc, { id: 'new', source: 'ask', sourceHandle: 'option:ask_o1', target: 'hello' }));
    const fromFirst = editor.getState().doc.edges.filter((edge) => edge.sourceHandle === 'option:ask_o1');
    expect(fromFirst).toEqual([{ id: 'new', source: 'ask', sourceHandle: 'option:ask_o1', target: 'hello' }]);
    // A handle the block does not have is refused.
    const before = editor.getState().doc;
    editor.getState().apply((doc) => flowEdits.connect(doc, { id: 'bad', source: 'ask', sourceHandle: 'option:nope', target: 'bye' }));
    expect(editor.getState().doc).toBe(before);

    editor.getState().apply((doc) =>
      flowEdits.updateBlock(doc, 'ask', (block) => {
        const question = block as BlockOf<'question'>;
        return { ...question, data: { ...question.data, input: { kind: 'choices', options: [{ id: 'ask_o2', title: 'Não' }] } } };
      }),
    );
    expect(editor.getState().doc.edges.map((edge) => edge.sourceHandle)).toEqual(['next', 'option:ask_o2']);
  });

  it('copies blocks with the edges between them and pastes them with new ids, also into another flow', async () => {
    const first = setup(sample());
    first.editor.getState().select({ ...EMPTY_SELECTION, blocks: ['ask', 'bye'] });
    await runCommand('selection.copy', first.context);
    const copied = parseClipboard(first.clipboard()!);
    expect(copied?.format).toBe(CLIPBOARD_FORMAT);
    expect(copied?.blocks.map((block) => block.id)).toEqual(['ask', 'bye']);
    expect(copied?.edges).toHaveLength(2); // hello → ask is left out: hello was not copied

    await runCommand('selection.paste', first.context);
    const doc = first.editor.getState().doc;
    expect(doc.blocks).toHaveLength(5);
    const pasted = doc.blocks.slice(3);
    expect(pasted.map((block) => block.id)).toEqual(['b1', 'b2']);
    expect(pasted[0]!.position).toEqual({ x: (sample().blocks[1]!.position?.x ?? 0) + 40, y: (sample().blocks[1]!.position?.y ?? 0) + 40 });
    expect(doc.edges.slice(3).map((edge) => [edge.source, edge.sourceHandle, edge.target])).toEqual([
      ['b1', 'option:ask_o1', 'b2'],
      ['b1', 'option:ask_o2', 'b2'],
    ]);
    expect(first.editor.getState().selection.blocks).toEqual(['b1', 'b2']);
    expect(validateFlow(doc).filter((problem) => problem.code === 'duplicate_block_id' || problem.code.startsWith('edge_'))).toEqual([]);

    // Another flow (another editor) receives the same clipboard text.
    const second = setup();
    second.setClipboard(first.clipboard()!);
    await runCommand('selection.paste', second.context);
    expect(second.editor.getState().doc.blocks.map((block) => block.type)).toEqual(['question', 'end']);
    expect(second.editor.getState().doc.startBlockId).toBe(second.editor.getState().doc.blocks[0]!.id);

    // Clipboard text that is not ours changes nothing.
    second.setClipboard('{"format":"something else"}');
    const before = second.editor.getState().doc;
    await runCommand('selection.paste', second.context);
    expect(second.editor.getState().doc).toBe(before);
  });

  it('cut is copy and delete, undoable in one step', async () => {
    const { editor, context, clipboard } = setup(sample());
    editor.getState().select({ ...EMPTY_SELECTION, blocks: ['bye'] });
    await runCommand('selection.cut', context);
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['hello', 'ask']);
    expect(parseClipboard(clipboard()!)?.blocks.map((block) => block.id)).toEqual(['bye']);
    await runCommand('history.undo', context);
    expect(editor.getState().doc.blocks.map((block) => block.id)).toEqual(['hello', 'ask', 'bye']);
  });

  it('duplicate copies the selection and remaps jumps between the copies', async () => {
    const doc = flowFixture([message('a', 'A'), { id: 'j', type: 'jump', data: { target: { kind: 'block', blockId: 'a' } } }], [['a', 'j']]);
    const { editor, context } = setup(doc);
    editor.getState().select({ ...EMPTY_SELECTION, blocks: ['a', 'j'] });
    await runCommand('selection.duplicate', context);
    const [copyA, copyJ] = editor.getState().doc.blocks.slice(2);
    expect(copyJ).toMatchObject({ type: 'jump', data: { target: { kind: 'block', blockId: copyA!.id } } });
  });

  it('sticky notes are added, edited, moved, deleted and undone like blocks', async () => {
    const { editor, context } = setup(sample());
    await runCommand('note.add', context, { x: 5, y: 6 });
    expect(editor.getState().doc.settings.notes).toEqual([{ id: 'n1', text: '', position: { x: 5, y: 6 }, color: 'yellow' }]);
    editor.getState().apply((doc) => flowEdits.updateNote(doc, 'n1', 'Falar com o João'));
    editor.getState().apply((doc) => flowEdits.move(doc, { n1: { x: 50, y: 60 } }));
    expect(editor.getState().doc.settings.notes![0]).toMatchObject({ text: 'Falar com o João', position: { x: 50, y: 60 } });
    editor.getState().select({ ...EMPTY_SELECTION, notes: ['n1'] });
    await runCommand('selection.delete', context);
    expect(editor.getState().doc.settings.notes).toEqual([]);
    await runCommand('history.undo', context);
    expect(editor.getState().doc.settings.notes).toHaveLength(1);
  });

  it('automatic layout places every block, left to right along the edges, without overlaps, in one undo step', async () => {
    const { editor, context } = setup(sample());
    await runCommand('layout.auto', context);
    const at = new Map(editor.getState().doc.blocks.map((block) => [block.id, block.position!]));
    expect(at.get('hello')!.x).toBeLessThan(at.get('ask')!.x);
    expect(at.get('ask')!.x).toBeLessThan(at.get('bye')!.x);
    expect(editor.getState().past).toHaveLength(1);
  });

  it('maps keys to commands, leaving text fields their own copy, paste and delete', () => {
    const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...extra,
    });
    expect(commandForKey(key('z', { ctrlKey: true }), { inTextField: false })).toBe('history.undo');
    expect(commandForKey(key('Z', { ctrlKey: true, shiftKey: true }), { inTextField: false })).toBe('history.redo');
    expect(commandForKey(key('z', { metaKey: true }), { inTextField: false, isMac: true })).toBe('history.undo');
    expect(commandForKey(key('z', { metaKey: true }), { inTextField: false, isMac: false })).toBeNull();
    expect(commandForKey(key('Delete'), { inTextField: false })).toBe('selection.delete');
    expect(commandForKey(key('Delete'), { inTextField: true })).toBeNull();
    expect(commandForKey(key('c', { ctrlKey: true }), { inTextField: true })).toBeNull();
    expect(commandForKey(key('z', { ctrlKey: true }), { inTextField: true })).toBe('history.undo');
    expect(commandForKey(key('+', { shiftKey: true }), { inTextField: false })).toBe('view.zoomIn');
  });
});

describe('layoutFlow', () => {
  it('ranks by distance from the start, keeps branches apart and handles loops and loose blocks', () => {
    const doc = flowFixture(
      [message('s', 'start'), choices('q', 'pick', ['A', 'B']), message('a', 'A'), message('b', 'B'), end('e'), message('loose', 'x')],
      [
        ['s', 'q'],
        ['q', 'option:q_o1', 'a'],
        ['q', 'option:q_o2', 'b'],
        ['a', 'e'],
        ['b', 'e'],
        ['e', 'next', 's'],
      ],
    );
    const positions = layoutFlow(doc, { sizeOf: () => ({ width: 200, height: 100 }), gapX: 100, gapY: 20 });
    expect(positions.size).toBe(6);
    expect(positions.get('s')!.x).toBe(0);
    expect(positions.get('q')!.x).toBe(300);
    expect(positions.get('a')!.x).toBe(600);
    expect(positions.get('b')!.x).toBe(600);
    expect(positions.get('a')!.y).toBeLessThan(positions.get('b')!.y); // option A's handle is above B's
    expect(positions.get('e')!.x).toBe(900);
    // No two cards in a column overlap.
    const columns = new Map<number, number[]>();
    for (const point of positions.values()) columns.set(point.x, [...(columns.get(point.x) ?? []), point.y]);
    for (const ys of columns.values()) {
      ys.sort((a, b) => a - b);
      for (let index = 1; index < ys.length; index++) expect(ys[index]! - ys[index - 1]!).toBeGreaterThanOrEqual(120);
    }
  });

  it('lays out a thousand blocks', () => {
    const blocks = Array.from({ length: 1000 }, (_, index) => message(`m${index}`, `message ${index}`));
    const edges = blocks.slice(1).map((block, index) => [`m${Math.floor(index / 2)}`, block.id] as [string, string]);
    const doc = flowFixture(blocks, []);
    const withEdges = { ...doc, edges: edges.map(([source, target], index) => ({ id: `e${index}`, source, sourceHandle: 'next', target })) };
    const positions = layoutFlow(withEdges);
    expect(positions.size).toBe(1000);
    expect(new Set([...positions.values()].map((point) => `${point.x},${point.y}`)).size).toBe(1000);
  });

  it('builds from the keyboard: adds a block after the selected one, connected from its first free way out, and moves along the flow', async () => {
    const { editor, context } = setup();
    await runCommand('block.add', context, { type: 'message' });
    const [first] = editor.getState().selection.blocks;
    await runCommand('block.addAfter', context, { type: 'question' });
    const [second] = editor.getState().selection.blocks;
    await runCommand('block.addAfter', context, { type: 'end' });
    const [third] = editor.getState().selection.blocks;
    const { doc } = editor.getState();
    const question = doc.blocks.find((block) => block.id === second) as BlockOf<'question'>;
    const [optionA, optionB] = question.data.input.kind === 'choices' ? question.data.input.options.map((option) => `option:${option.id}`) : [];
    expect(doc.startBlockId).toBe(first);
    expect(doc.edges.map(({ source, sourceHandle, target }) => [source, sourceHandle, target])).toEqual([
      [first, 'next', second],
      [second, optionA, third], // the question's first option
    ]);
    expect(doc.blocks.find((block) => block.id === third)!.position!.x - doc.blocks.find((block) => block.id === second)!.position!.x).toBe(340);
    // A second block after the question takes its next free way out.
    editor.getState().select({ ...EMPTY_SELECTION, blocks: [second!] });
    await runCommand('block.addAfter', context, { type: 'handoff' });
    expect(editor.getState().doc.edges.at(-1)).toMatchObject({ source: second, sourceHandle: optionB });

    // ] and [ walk the blocks in the order a conversation meets them.
    editor.getState().select(EMPTY_SELECTION);
    const walk: string[] = [];
    for (let step = 0; step < 5; step++) {
      await runCommand(commandForKey({ key: ']', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, { inTextField: false })!, context);
      walk.push(editor.getState().selection.blocks[0]!);
    }
    const handoff = editor.getState().doc.blocks.at(-1)!.id;
    expect(walk).toEqual([first, second, third, handoff, first]);
    await runCommand('selection.previous', context);
    expect(editor.getState().selection.blocks).toEqual([handoff]);
    expect(commandForKey({ key: 'Enter', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, { inTextField: false })).toBe('block.openForm');
    expect(commandForKey({ key: 'Escape', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, { inTextField: true })).toBe('view.focusCanvas');
  });

  it('changes nothing in a read-only editor (agents and viewers), but still lets them select and copy', async () => {
    const { editor, context, clipboard } = setup(sample());
    const readOnly = { ...context, readOnly: true };
    const before = editor.getState().doc;
    editor.getState().select({ ...EMPTY_SELECTION, blocks: [before.blocks[0]!.id] });
    for (const [id, argument] of [
      ['block.add', { type: 'message' }],
      ['block.addAfter', { type: 'message' }],
      ['selection.delete', undefined],
      ['selection.duplicate', undefined],
      ['layout.auto', undefined],
      ['edge.disconnect', { source: before.edges[0]!.source, sourceHandle: before.edges[0]!.sourceHandle }],
    ] as const)
      await runCommand(id, readOnly, argument);
    expect(editor.getState().doc).toBe(before);
    await runCommand('selection.next', readOnly);
    expect(editor.getState().selection.blocks).toHaveLength(1);
    await runCommand('selection.copy', readOnly);
    expect(clipboard()).not.toBeNull();
  });
});
