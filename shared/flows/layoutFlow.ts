// Automatic layout of a flow's graph, left to right in layers (a small Sugiyama-style layout, pure
// and linear enough for thousands of blocks): blocks are ranked by their distance from the start,
// ordered inside each layer by the position of their parents (barycenter sweeps), then placed so
// each block sits level with its parents where there is room.
import { blockHandles, type FlowBlock } from './blocks.js';
import type { FlowDocument } from './flowDocument.js';

export type BlockSize = { width: number; height: number };
export type LayoutOptions = {
  /** The size of a block on the canvas (measured by the editor, estimated otherwise). */
  sizeOf?: (block: FlowBlock) => BlockSize;
  gapX?: number;
  gapY?: number;
};
export type Point = { x: number; y: number };

/** A card's size when it has not been measured: a header, a preview line and one row per handle. */
export function estimateBlockSize(block: FlowBlock): BlockSize {
  return { width: 260, height: 84 + 28 * Math.max(1, blockHandles(block).length) };
}

export function layoutFlow(document: Pick<FlowDocument, 'blocks' | 'edges' | 'startBlockId'>, options: LayoutOptions = {}): Map<string, Point> {
  const sizeOf = options.sizeOf ?? estimateBlockSize;
  const gapX = options.gapX ?? 120;
  const gapY = options.gapY ?? 40;
  const blocks = new Map(document.blocks.map((block) => [block.id, block]));
  const handleOrder = new Map(document.blocks.map((block) => [block.id, blockHandles(block)]));

  // Outgoing edges in the order the card draws its handles, so branches do not cross.
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  const edges = document.edges.filter((edge) => blocks.has(edge.source) && blocks.has(edge.target) && edge.source !== edge.target);
  const handleIndex = (edge: FlowDocument['edges'][number]) => {
    const index = handleOrder.get(edge.source)?.indexOf(edge.sourceHandle) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  for (const edge of [...edges].sort((a, b) => handleIndex(a) - handleIndex(b))) {
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  }

  // Ranks: breadth-first from the start, then from every block nothing leads to, then whatever is
  // left (blocks only reachable through a loop).
  const rank = new Map<string, number>();
  const discovery: string[] = [];
  const walkFrom = (root: string) => {
    if (rank.has(root)) return;
    rank.set(root, 0);
    discovery.push(root);
    for (let head = discovery.length - 1; head < discovery.length; head++) {
      const id = discovery[head]!;
      for (const target of outgoing.get(id) ?? []) {
        if (rank.has(target)) continue;
        rank.set(target, rank.get(id)! + 1);
        discovery.push(target);
      }
    }
  };
  if (document.startBlockId && blocks.has(document.startBlockId)) walkFrom(document.startBlockId);
  for (const block of document.blocks) if (!incoming.has(block.id)) walkFrom(block.id);
  for (const block of document.blocks) walkFrom(block.id);

  const layers: string[][] = [];
  for (const id of discovery) (layers[rank.get(id)!] ??= []).push(id);

  // Two barycenter sweeps: order each layer by the mean index of its parents in the layer before.
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let layerIndex = 1; layerIndex < layers.length; layerIndex++) {
      const before = new Map(layers[layerIndex - 1]!.map((id, index) => [id, index]));
      const keyed = layers[layerIndex]!.map((id, index) => {
        const parents = (incoming.get(id) ?? []).map((parent) => before.get(parent)).filter((value): value is number => value !== undefined);
        return { id, key: parents.length ? parents.reduce((sum, value) => sum + value, 0) / parents.length : index, index };
      });
      keyed.sort((a, b) => a.key - b.key || a.index - b.index);
      layers[layerIndex] = keyed.map((entry) => entry.id);
    }
  }

  const positions = new Map<string, Point>();
  const centers = new Map<string, number>();
  let x = 0;
  for (const layer of layers) {
    const sizes = layer.map((id) => sizeOf(blocks.get(id)!));
    let bottom = -Infinity;
    layer.forEach((id, index) => {
      const size = sizes[index]!;
      const parents = (incoming.get(id) ?? []).map((parent) => centers.get(parent)).filter((value): value is number => value !== undefined);
      const wanted = parents.length
        ? parents.reduce((sum, value) => sum + value, 0) / parents.length - size.height / 2
        : bottom === -Infinity
          ? 0
          : bottom + gapY;
      const y = bottom === -Infinity ? wanted : Math.max(wanted, bottom + gapY);
      positions.set(id, { x, y: Math.round(y) });
      centers.set(id, y + size.height / 2);
      bottom = y + size.height;
    });
    x += Math.max(0, ...sizes.map((size) => size.width)) + gapX;
  }
  return positions;
}
