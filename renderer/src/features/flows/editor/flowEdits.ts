// Every change the editor makes to a flow document, as pure functions from a document to the next
// one (never mutating): the commands compose them, the history keeps the documents they return.
import { blockHandles, type FlowBlock } from '#shared/flows/blocks.js';
import type { FlowDocument, FlowEdge, StickyNote } from '#shared/flows/flowDocument.js';
import type { Point } from '#shared/flows/layoutFlow.js';

export type Selection = { blocks: string[]; edges: string[]; notes: string[] };
export const EMPTY_SELECTION: Selection = { blocks: [], edges: [], notes: [] };

const notesOf = (doc: FlowDocument) => doc.settings.notes ?? [];
const withNotes = (doc: FlowDocument, notes: StickyNote[]): FlowDocument => ({ ...doc, settings: { ...doc.settings, notes } });

export const flowEdits = {
  /** Adds blocks; the first block of an empty flow becomes its start. */
  addBlocks(doc: FlowDocument, blocks: FlowBlock[]): FlowDocument {
    if (blocks.length === 0) return doc;
    return { ...doc, blocks: [...doc.blocks, ...blocks], startBlockId: doc.startBlockId ?? blocks[0]!.id };
  },

  /**
   * Replaces a block's settings or label. Edges leaving from handles the block no longer has (an
   * option or branch removed) go with them: a dangling edge is never left behind.
   */
  updateBlock(doc: FlowDocument, id: string, update: (block: FlowBlock) => FlowBlock): FlowDocument {
    let changed: FlowBlock | null = null;
    const blocks = doc.blocks.map((block) => (block.id === id ? (changed = update(block)) : block));
    if (!changed) return doc;
    const handles = new Set(blockHandles(changed));
    const edges = doc.edges.filter((edge) => edge.source !== id || handles.has(edge.sourceHandle));
    return { ...doc, blocks, edges: edges.length === doc.edges.length ? doc.edges : edges };
  },

  /** Removes blocks (with every edge touching them), edges and notes. */
  remove(doc: FlowDocument, selection: Selection): FlowDocument {
    const blocks = new Set(selection.blocks);
    const edges = new Set(selection.edges);
    const notes = new Set(selection.notes);
    if (blocks.size === 0 && edges.size === 0 && notes.size === 0) return doc;
    const next: FlowDocument = {
      ...doc,
      blocks: blocks.size ? doc.blocks.filter((block) => !blocks.has(block.id)) : doc.blocks,
      edges: doc.edges.filter((edge) => !edges.has(edge.id) && !blocks.has(edge.source) && !blocks.has(edge.target)),
      startBlockId: doc.startBlockId && blocks.has(doc.startBlockId) ? null : doc.startBlockId,
    };
    return notes.size
      ? withNotes(
          next,
          notesOf(next).filter((note) => !notes.has(note.id)),
        )
      : next;
  },

  /** Connects a handle to a block. A handle leads to one place only, so it replaces that handle's edge. */
  connect(doc: FlowDocument, edge: FlowEdge): FlowDocument {
    const source = doc.blocks.find((block) => block.id === edge.source);
    if (!source || !doc.blocks.some((block) => block.id === edge.target)) return doc;
    if (!blockHandles(source).includes(edge.sourceHandle)) return doc;
    const kept = doc.edges.filter((existing) => !(existing.source === edge.source && existing.sourceHandle === edge.sourceHandle));
    return { ...doc, edges: [...kept, edge] };
  },

  /** Moves blocks and notes to new positions (ids not in the document, and non-moves, are ignored). */
  move(doc: FlowDocument, positions: Record<string, Point>): FlowDocument {
    const target = (id: string, current: Point | undefined): Point | null => {
      const wanted = positions[id];
      if (!wanted) return null;
      const rounded = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
      return current && current.x === rounded.x && current.y === rounded.y ? null : rounded;
    };
    let moved = false;
    const blocks = doc.blocks.map((block) => {
      const position = target(block.id, block.position);
      if (!position) return block;
      moved = true;
      return { ...block, position };
    });
    let notesMoved = false;
    const notes = notesOf(doc).map((note) => {
      const position = target(note.id, note.position);
      if (!position) return note;
      notesMoved = true;
      return { ...note, position };
    });
    if (!moved && !notesMoved) return doc;
    const next = moved ? { ...doc, blocks } : doc;
    return notesMoved ? withNotes(next, notes) : next;
  },

  setStart(doc: FlowDocument, id: string): FlowDocument {
    return doc.blocks.some((block) => block.id === id) ? { ...doc, startBlockId: id } : doc;
  },

  addNotes(doc: FlowDocument, notes: StickyNote[]): FlowDocument {
    return notes.length ? withNotes(doc, [...notesOf(doc), ...notes]) : doc;
  },

  updateNote(doc: FlowDocument, id: string, text: string): FlowDocument {
    return withNotes(
      doc,
      notesOf(doc).map((note) => (note.id === id ? { ...note, text } : note)),
    );
  },

  updateSettings(doc: FlowDocument, settings: Partial<FlowDocument['settings']>): FlowDocument {
    return { ...doc, settings: { ...doc.settings, ...settings } };
  },
};
