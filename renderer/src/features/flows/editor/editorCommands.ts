// Every editor command, defined once (Excalidraw's "actions"): the keyboard shortcuts, the toolbar,
// the menus and the tests all run these by id, so a shortcut can never do something the menu does not.
import { BLOCK_TYPES, blockHandles, type BlockType, type FlowBlock } from '#shared/flows/blocks.js';
import type { FlowDocument, FlowSettings } from '#shared/flows/flowDocument.js';
import { layoutFlow, type BlockSize, type Point } from '#shared/flows/layoutFlow.js';
import type { MessageKey } from '#renderer/i18n/catalog';
import type { EditorStore } from './createEditorStore';
import { copySelection, parseClipboard, pasteClipboard } from './flowClipboard';
import { flowEdits, EMPTY_SELECTION } from './flowEdits';
import { newBlock } from './newBlock';
import { newId as randomId } from './newId';

/** What the canvas offers the commands (absent in unit tests of the document commands). */
export type EditorView = {
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  centerOn(blockId: string): void;
  /** The centre of the visible area in flow coordinates: where added and pasted things appear. */
  visibleCenter(): Point;
  /** A block's size as drawn, once measured. */
  measured(blockId: string): BlockSize | undefined;
  /** Puts the keyboard focus on a block's card. */
  focusBlock?(blockId: string): void;
};

/** What the screen around the canvas offers (server, clipboard, panels). */
export type EditorHost = {
  clipboard: { write(text: string): void | Promise<void>; read(): Promise<string | null> };
  publish?(): void;
  save?(): void;
  openSearch?(): void;
  toggleSimulator?(): void;
  toggleAnalytics?(): void;
  /** Shows the selected block's form and puts the focus on its first field. */
  openBlockForm?(): void;
  /** Puts the focus back on the selected block's card (or the canvas), out of a form field. */
  focusCanvas?(): void;
};

/** `readOnly`: the person may look but not change the flow (agents and viewers): every editing command is off. */
export type CommandContext = { editor: EditorStore; view?: EditorView; host?: EditorHost; newId?: (prefix: string) => string; readOnly?: boolean };

export type EditorCommand = {
  label: MessageKey;
  /** `Mod` is Ctrl, or ⌘ on a Mac. */
  shortcuts?: string[];
  /** Also while typing in a text field (otherwise the field keeps the key: copy, delete, …). */
  inTextFields?: boolean;
  /** Changes the document or the flow (off in a read-only editor). */
  edits?: boolean;
  isEnabled?(context: CommandContext): boolean;
  run(context: CommandContext, argument?: unknown): void | Promise<void>;
};

const idOf = (context: CommandContext) => context.newId ?? randomId;
const hasSelection = ({ editor }: CommandContext) => {
  const { selection } = editor.getState();
  return selection.blocks.length + selection.edges.length + selection.notes.length > 0;
};

export type AddBlockArgument = { type: BlockType; position?: Point };
/** Horizontal distance between a block and one added after it. */
const AFTER_GAP = 340;
export type UpdateBlockArgument = { id: string; update: (block: FlowBlock) => FlowBlock; field?: string };
export type ConnectArgument = { source: string; sourceHandle: string; target: string };

export const EDITOR_COMMANDS = {
  'block.add': {
    edits: true,
    label: 'flows.command.addBlock',
    run(context, argument) {
      const { type, position } = argument as AddBlockArgument;
      if (!BLOCK_TYPES.includes(type)) return;
      const makeId = idOf(context);
      const at = position ?? offsetCenter(context);
      const block = newBlock(type, makeId('b'), at, () => makeId('o'));
      context.editor.getState().apply((doc) => flowEdits.addBlocks(doc, [block]), { select: { ...EMPTY_SELECTION, blocks: [block.id] } });
    },
  },
  'block.addAfter': {
    edits: true,
    label: 'flows.command.addAfter',
    isEnabled: ({ editor }) => editor.getState().selection.blocks.length === 1,
    run(context, argument) {
      const { type } = argument as AddBlockArgument;
      const { doc, selection, apply } = context.editor.getState();
      const after = doc.blocks.find((block) => block.id === selection.blocks[0]);
      if (!after || !BLOCK_TYPES.includes(type)) return;
      const makeId = idOf(context);
      const at = after.position ?? { x: 0, y: 0 };
      // Below any block already standing there (a second block after the same one).
      let y = at.y;
      while (doc.blocks.some((block) => block.position && Math.abs(block.position.x - (at.x + AFTER_GAP)) < 200 && Math.abs(block.position.y - y) < 120))
        y += 180;
      const block = newBlock(type, makeId('b'), { x: at.x + AFTER_GAP, y }, () => makeId('o'));
      // The first way out of the selected block with no edge yet leads to the new block.
      const free = blockHandles(after).find((handle) => !doc.edges.some((edge) => edge.source === after.id && edge.sourceHandle === handle));
      const edgeId = makeId('e');
      apply(
        (current) => {
          const added = flowEdits.addBlocks(current, [block]);
          return free ? flowEdits.connect(added, { id: edgeId, source: after.id, sourceHandle: free, target: block.id }) : added;
        },
        { select: { ...EMPTY_SELECTION, blocks: [block.id] } },
      );
      context.view?.centerOn(block.id);
    },
  },
  'block.update': {
    edits: true,
    label: 'flows.command.editBlock',
    run({ editor }, argument) {
      const { id, update, field } = argument as UpdateBlockArgument;
      // Typing into one field of one block is one undo step.
      editor.getState().apply((doc) => flowEdits.updateBlock(doc, id, update), { coalesce: field ? `${id}:${field}` : undefined });
    },
  },
  'edge.connect': {
    edits: true,
    label: 'flows.command.connect',
    run(context, argument) {
      const { source, sourceHandle, target } = argument as ConnectArgument;
      const id = idOf(context)('e');
      context.editor.getState().apply((doc) => flowEdits.connect(doc, { id, source, sourceHandle, target }));
    },
  },
  'edge.disconnect': {
    edits: true,
    label: 'flows.command.disconnect',
    run({ editor }, argument) {
      const { source, sourceHandle } = argument as { source: string; sourceHandle: string };
      const { doc, apply } = editor.getState();
      const edges = doc.edges.filter((edge) => edge.source === source && edge.sourceHandle === sourceHandle).map((edge) => edge.id);
      apply((current) => flowEdits.remove(current, { ...EMPTY_SELECTION, edges }));
    },
  },
  'elements.move': {
    edits: true,
    label: 'flows.command.move',
    run({ editor }, argument) {
      editor.getState().apply((doc) => flowEdits.move(doc, argument as Record<string, Point>));
    },
  },
  'note.update': {
    edits: true,
    label: 'flows.command.editNote',
    run({ editor }, argument) {
      const { id, text } = argument as { id: string; text: string };
      editor.getState().apply((doc) => flowEdits.updateNote(doc, id, text), { coalesce: `${id}:text` });
    },
  },
  'settings.update': {
    edits: true,
    label: 'flows.command.settings',
    run({ editor }, argument) {
      const { settings, field } = argument as { settings: Partial<FlowSettings>; field?: string };
      editor.getState().apply((doc) => flowEdits.updateSettings(doc, settings), { coalesce: field ? `settings:${field}` : undefined });
    },
  },
  'note.add': {
    edits: true,
    label: 'flows.command.addNote',
    run(context, argument) {
      const id = idOf(context)('n');
      const position = (argument as Point | undefined) ?? offsetCenter(context);
      context.editor
        .getState()
        .apply((doc) => flowEdits.addNotes(doc, [{ id, text: '', position, color: 'yellow' }]), { select: { ...EMPTY_SELECTION, notes: [id] } });
    },
  },
  'selection.delete': {
    edits: true,
    label: 'flows.command.delete',
    shortcuts: ['Delete', 'Backspace'],
    isEnabled: hasSelection,
    run({ editor }) {
      const { selection, apply } = editor.getState();
      apply((doc) => flowEdits.remove(doc, selection), { select: EMPTY_SELECTION });
    },
  },
  'selection.all': {
    label: 'flows.command.selectAll',
    shortcuts: ['Mod+A'],
    run({ editor }) {
      const { doc, select } = editor.getState();
      select({
        blocks: doc.blocks.map((block) => block.id),
        edges: doc.edges.map((edge) => edge.id),
        notes: (doc.settings.notes ?? []).map((note) => note.id),
      });
    },
  },
  'selection.copy': {
    label: 'flows.command.copy',
    shortcuts: ['Mod+C'],
    isEnabled: hasSelection,
    async run({ editor, host }) {
      const { doc, selection } = editor.getState();
      const clipboard = copySelection(doc, selection);
      if (clipboard) await host?.clipboard.write(JSON.stringify(clipboard));
    },
  },
  'selection.cut': {
    edits: true,
    label: 'flows.command.cut',
    shortcuts: ['Mod+X'],
    isEnabled: hasSelection,
    async run(context) {
      await EDITOR_COMMANDS['selection.copy'].run(context);
      EDITOR_COMMANDS['selection.delete'].run(context);
    },
  },
  'selection.paste': {
    edits: true,
    label: 'flows.command.paste',
    shortcuts: ['Mod+V'],
    async run(context, argument) {
      const text = typeof argument === 'string' ? argument : await context.host?.clipboard.read();
      const clipboard = text ? parseClipboard(text) : null;
      if (!clipboard) return;
      const at = typeof argument === 'string' || !context.view ? undefined : offsetCenter(context);
      const { doc, apply } = context.editor.getState();
      const pasted = pasteClipboard(doc, clipboard, { newId: idOf(context), ...(at ? { at } : {}) });
      apply(() => pasted.doc, { select: pasted.selection });
    },
  },
  'selection.duplicate': {
    edits: true,
    label: 'flows.command.duplicate',
    shortcuts: ['Mod+D'],
    isEnabled: hasSelection,
    run(context) {
      const { doc, selection, apply } = context.editor.getState();
      const clipboard = copySelection(doc, selection);
      if (!clipboard) return;
      const pasted = pasteClipboard(doc, clipboard, { newId: idOf(context) });
      apply(() => pasted.doc, { select: pasted.selection });
    },
  },
  'history.undo': {
    edits: true,
    label: 'flows.command.undo',
    shortcuts: ['Mod+Z'],
    inTextFields: true,
    isEnabled: ({ editor }) => editor.getState().past.length > 0,
    run: ({ editor }) => editor.getState().undo(),
  },
  'history.redo': {
    edits: true,
    label: 'flows.command.redo',
    shortcuts: ['Mod+Shift+Z', 'Mod+Y'],
    inTextFields: true,
    isEnabled: ({ editor }) => editor.getState().future.length > 0,
    run: ({ editor }) => editor.getState().redo(),
  },
  'layout.auto': {
    edits: true,
    label: 'flows.command.layout',
    shortcuts: ['Mod+Shift+L'],
    isEnabled: ({ editor }) => editor.getState().doc.blocks.length > 0,
    run({ editor, view }) {
      const { doc, apply } = editor.getState();
      const positions = layoutFlow(doc, view ? { sizeOf: (block) => view.measured(block.id) ?? { width: 260, height: 140 } } : {});
      apply((current) => flowEdits.move(current, Object.fromEntries(positions)));
      view?.fitView();
    },
  },
  'block.setStart': {
    edits: true,
    label: 'flows.command.setStart',
    isEnabled: ({ editor }) => editor.getState().selection.blocks.length === 1,
    run({ editor }) {
      const { selection, apply } = editor.getState();
      apply((doc) => flowEdits.setStart(doc, selection.blocks[0]!));
    },
  },
  'selection.next': {
    label: 'flows.command.nextBlock',
    shortcuts: [']'],
    isEnabled: ({ editor }) => editor.getState().doc.blocks.length > 0,
    run: (context) => selectAlong(context, 1),
  },
  'selection.previous': {
    label: 'flows.command.previousBlock',
    shortcuts: ['['],
    isEnabled: ({ editor }) => editor.getState().doc.blocks.length > 0,
    run: (context) => selectAlong(context, -1),
  },
  'block.openForm': {
    label: 'flows.command.openForm',
    shortcuts: ['Enter'],
    isEnabled: ({ editor }) => editor.getState().selection.blocks.length === 1,
    run: ({ host }) => host?.openBlockForm?.(),
  },
  'view.focusCanvas': { label: 'flows.command.focusCanvas', shortcuts: ['Escape'], inTextFields: true, run: ({ host }) => host?.focusCanvas?.() },
  'view.fit': { label: 'flows.command.fit', shortcuts: ['Shift+F'], run: ({ view }) => view?.fitView() },
  'view.zoomIn': { label: 'flows.command.zoomIn', shortcuts: ['=', '+'], run: ({ view }) => view?.zoomIn() },
  'view.zoomOut': { label: 'flows.command.zoomOut', shortcuts: ['-'], run: ({ view }) => view?.zoomOut() },
  'search.open': { label: 'flows.command.search', shortcuts: ['Mod+F'], inTextFields: true, run: ({ host }) => host?.openSearch?.() },
  'flow.save': { edits: true, label: 'flows.command.save', shortcuts: ['Mod+S'], inTextFields: true, run: ({ host }) => host?.save?.() },
  'flow.publish': { edits: true, label: 'flows.command.publish', shortcuts: ['Mod+Shift+P'], inTextFields: true, run: ({ host }) => host?.publish?.() },
  'simulator.toggle': { label: 'flows.command.simulator', run: ({ host }) => host?.toggleSimulator?.() },
  'analytics.toggle': { label: 'flows.command.analytics', run: ({ host }) => host?.toggleAnalytics?.() },
} satisfies Record<string, EditorCommand>;

export type CommandId = keyof typeof EDITOR_COMMANDS;
export const COMMAND_IDS = Object.keys(EDITOR_COMMANDS) as CommandId[];

export function isCommandEnabled(id: CommandId, context: CommandContext): boolean {
  const command: EditorCommand = EDITOR_COMMANDS[id];
  if (context.readOnly && command.edits) return false;
  return command.isEnabled ? command.isEnabled(context) : true;
}

/**
 * The blocks in the order a conversation meets them: from the start, following each block's ways
 * out in the order they are drawn, then the blocks no path reaches, in the document's order.
 */
export function blocksInFlowOrder(doc: FlowDocument): string[] {
  const byId = new Map(doc.blocks.map((block) => [block.id, block]));
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = doc.startBlockId && byId.has(doc.startBlockId) ? [doc.startBlockId] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    for (const handle of blockHandles(byId.get(id)!)) {
      const edge = doc.edges.find((candidate) => candidate.source === id && candidate.sourceHandle === handle);
      if (edge && byId.has(edge.target) && !seen.has(edge.target)) queue.push(edge.target);
    }
  }
  for (const block of doc.blocks) if (!seen.has(block.id)) order.push(block.id);
  return order;
}

/** Selects the next (or previous) block in flow order and centres it; the first one when none is selected. */
function selectAlong(context: CommandContext, step: 1 | -1): void {
  const { doc, selection, select } = context.editor.getState();
  const order = blocksInFlowOrder(doc);
  if (order.length === 0) return;
  const current = selection.blocks.length === 1 ? order.indexOf(selection.blocks[0]!) : -1;
  const next = current === -1 ? (step === 1 ? 0 : order.length - 1) : (current + step + order.length) % order.length;
  select({ ...EMPTY_SELECTION, blocks: [order[next]!] });
  context.view?.centerOn(order[next]!);
  context.view?.focusBlock?.(order[next]!);
}

export async function runCommand(id: CommandId, context: CommandContext, argument?: unknown): Promise<void> {
  if (!isCommandEnabled(id, context)) return;
  const command: EditorCommand = EDITOR_COMMANDS[id];
  await command.run(context, argument);
}

/** Where a block added without a position goes: the middle of the view, nudged so repeats do not stack. */
function offsetCenter(context: CommandContext): Point {
  const center = context.view?.visibleCenter() ?? { x: 0, y: 0 };
  const count = context.editor.getState().doc.blocks.length;
  return { x: Math.round(center.x - 130 + (count % 5) * 24), y: Math.round(center.y - 60 + (count % 5) * 24) };
}
