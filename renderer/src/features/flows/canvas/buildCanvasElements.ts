// The document → xyflow's nodes and edges. Called on every change, so it reuses the node and edge
// objects of everything that did not change (and the arrays themselves when nothing did): with a
// thousand blocks, only the moved or edited card re-renders, and a change of selection alone does
// not make xyflow re-index 1,200 edges.
import type { Edge, Node } from '@xyflow/react';
import type { FlowBlock } from '#shared/flows/blocks.js';
import type { FlowDocument, StickyNote } from '#shared/flows/flowDocument.js';
import type { Selection } from '../editor/flowEdits';
import { cardGeometry } from './cardGeometry';

export type BlockDecoration = {
  isStart: boolean;
  severity: 'error' | 'warning' | null;
  problemCount: number;
  /** The block the simulator is at. */
  current: boolean;
  /** Run by the simulator in this conversation. */
  visited: boolean;
  /** Matches the search. */
  matched: boolean;
  stats: { reached: number; dropped: number } | null;
};
export type BlockNodeData = { block: FlowBlock } & BlockDecoration;
export type NoteNodeData = { note: StickyNote };
export type BlockNode = Node<BlockNodeData, 'block'>;
export type NoteNode = Node<NoteNodeData, 'note'>;
export type CanvasNode = BlockNode | NoteNode;

export type Decorate = (block: FlowBlock) => BlockDecoration;

const sameDecoration = (a: BlockDecoration, b: BlockDecoration) =>
  a.isStart === b.isStart &&
  a.severity === b.severity &&
  a.problemCount === b.problemCount &&
  a.current === b.current &&
  a.visited === b.visited &&
  a.matched === b.matched &&
  a.stats?.reached === b.stats?.reached &&
  a.stats?.dropped === b.stats?.dropped;

export function createCanvasElementBuilder() {
  let nodeCache = new Map<string, CanvasNode>();
  let edgeCache = new Map<string, Edge>();
  let lastNodes: CanvasNode[] = [];
  let lastEdges: Edge[] = [];

  return function build(
    doc: FlowDocument,
    selection: Selection,
    decorate: Decorate,
    visitedEdges: ReadonlySet<string>,
  ): { nodes: CanvasNode[]; edges: Edge[] } {
    const selectedBlocks = new Set(selection.blocks);
    const selectedNotes = new Set(selection.notes);
    const selectedEdges = new Set(selection.edges);
    const nextNodes = new Map<string, CanvasNode>();
    const nodes: CanvasNode[] = [];
    for (const note of doc.settings.notes ?? []) {
      const previous = nodeCache.get(note.id) as NoteNode | undefined;
      const selected = selectedNotes.has(note.id);
      const node: NoteNode =
        previous && previous.type === 'note' && previous.data.note === note && previous.selected === selected
          ? previous
          : ({
              id: note.id,
              type: 'note',
              position: note.position,
              data: { note },
              selected,
              zIndex: -1,
              dragHandle: '.note-grip',
              ariaLabel: note.text || 'note',
            } as NoteNode);
      nextNodes.set(note.id, node);
      nodes.push(node);
    }
    for (const block of doc.blocks) {
      const decoration = decorate(block);
      const previous = nodeCache.get(block.id) as BlockNode | undefined;
      const selected = selectedBlocks.has(block.id);
      const reused =
        previous && previous.type === 'block' && previous.data.block === block && previous.selected === selected && sameDecoration(previous.data, decoration);
      const node: BlockNode = reused ? previous : blockNode(block, decoration, selected);
      nextNodes.set(block.id, node);
      nodes.push(node);
    }
    const nextEdges = new Map<string, Edge>();
    const edges = doc.edges.map((edge) => {
      const previous = edgeCache.get(edge.id);
      const selected = selectedEdges.has(edge.id);
      const visited = visitedEdges.has(edge.id);
      const reused =
        previous &&
        previous.source === edge.source &&
        previous.target === edge.target &&
        previous.sourceHandle === edge.sourceHandle &&
        previous.selected === selected &&
        (previous.className === 'edge-visited') === visited;
      const built: Edge = reused
        ? previous
        : {
            id: edge.id,
            source: edge.source,
            target: edge.target,
            sourceHandle: edge.sourceHandle,
            targetHandle: 'in',
            selected,
            className: visited ? 'edge-visited' : undefined,
            ...(edge.sourceHandle === 'gave_up' || edge.sourceHandle === 'failure' ? { style: { strokeDasharray: '6 4' } } : {}),
          };
      nextEdges.set(edge.id, built);
      return built;
    });
    nodeCache = nextNodes;
    edgeCache = nextEdges;
    lastNodes = sameItems(lastNodes, nodes) ? lastNodes : nodes;
    lastEdges = sameItems(lastEdges, edges) ? lastEdges : edges;
    return { nodes: lastNodes, edges: lastEdges };
  };
}

/** A block's node, with its estimated size and handles (see cardGeometry) until xyflow measures it. */
function blockNode(block: FlowBlock, decoration: BlockDecoration, selected: boolean): BlockNode {
  const geometry = cardGeometry(block, decoration.stats !== null);
  return {
    id: block.id,
    type: 'block',
    position: block.position ?? { x: 0, y: 0 },
    data: { block, ...decoration },
    selected,
    ariaLabel: block.label || block.id,
    initialWidth: geometry.width,
    initialHeight: geometry.height,
    handles: geometry.handles,
  };
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((item, index) => item === b[index]);
