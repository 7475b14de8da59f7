// Copy and paste of blocks, their connections and notes as JSON text, so it works through the
// system clipboard between flows, windows and servers. Pasted elements get fresh ids; connections
// and jumps between pasted blocks follow them, those to blocks left behind are dropped.
import { z } from 'zod';
import { blockSchema, type FlowBlock } from '#shared/flows/blocks.js';
import { edgeSchema, stickyNoteSchema, type FlowDocument, type FlowEdge, type StickyNote } from '#shared/flows/flowDocument.js';
import type { Point } from '#shared/flows/layoutFlow.js';
import { flowEdits, type Selection } from './flowEdits';

export const CLIPBOARD_FORMAT = 'uzz.flow.clipboard';

const clipboardSchema = z.object({
  format: z.literal(CLIPBOARD_FORMAT),
  blocks: z.array(blockSchema).max(2000),
  edges: z.array(edgeSchema).max(10_000),
  notes: z.array(stickyNoteSchema).max(500).default([]),
});
export type FlowClipboard = z.infer<typeof clipboardSchema>;

/** The selected blocks and notes, with the edges that run between selected blocks. */
export function copySelection(doc: FlowDocument, selection: Selection): FlowClipboard | null {
  const ids = new Set(selection.blocks);
  const noteIds = new Set(selection.notes);
  const blocks = doc.blocks.filter((block) => ids.has(block.id));
  const notes = (doc.settings.notes ?? []).filter((note) => noteIds.has(note.id));
  if (blocks.length === 0 && notes.length === 0) return null;
  const edges = doc.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  return { format: CLIPBOARD_FORMAT, blocks, edges, notes };
}

/** Clipboard text → elements, or null when it is not something this editor copied. */
export function parseClipboard(text: string): FlowClipboard | null {
  if (!text.includes(CLIPBOARD_FORMAT)) return null;
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type PasteOptions = {
  newId: (prefix: string) => string;
  /** Where the top-left of the pasted elements goes; by default 40 px right and below where they were. */
  at?: Point;
};

export function pasteClipboard(doc: FlowDocument, clipboard: FlowClipboard, options: PasteOptions): { doc: FlowDocument; selection: Selection } {
  const positions = [...clipboard.blocks.map((block) => block.position ?? { x: 0, y: 0 }), ...clipboard.notes.map((note) => note.position)];
  const left = Math.min(...positions.map((point) => point.x));
  const top = Math.min(...positions.map((point) => point.y));
  const shift = options.at ? { x: options.at.x - left, y: options.at.y - top } : { x: 40, y: 40 };
  const place = (point: Point | undefined): Point => ({ x: Math.round((point?.x ?? 0) + shift.x), y: Math.round((point?.y ?? 0) + shift.y) });

  const ids = new Map(clipboard.blocks.map((block) => [block.id, options.newId('b')]));
  const blocks: FlowBlock[] = clipboard.blocks.map((block) => {
    const pasted = { ...block, id: ids.get(block.id)!, position: place(block.position) } as FlowBlock;
    if (pasted.type === 'jump' && pasted.data.target.kind === 'block') {
      const target = pasted.data.target.blockId;
      // A jump to a block that came along follows its copy; one to a block of this flow stays.
      const followed = ids.get(target) ?? (doc.blocks.some((existing) => existing.id === target) ? target : '');
      return { ...pasted, data: { target: { kind: 'block', blockId: followed } } };
    }
    return pasted;
  });
  const edges: FlowEdge[] = clipboard.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
    .map((edge) => ({ ...edge, id: options.newId('e'), source: ids.get(edge.source)!, target: ids.get(edge.target)! }));
  const notes: StickyNote[] = clipboard.notes.map((note) => ({ ...note, id: options.newId('n'), position: place(note.position) }));

  let next = flowEdits.addBlocks(doc, blocks);
  next = { ...next, edges: [...next.edges, ...edges] };
  next = flowEdits.addNotes(next, notes);
  return { doc: next, selection: { blocks: blocks.map((block) => block.id), edges: edges.map((edge) => edge.id), notes: notes.map((note) => note.id) } };
}
