import type { FlowDocument } from './flowDocument.js';

export type FlowDiff = {
  blocksAdded: string[];
  blocksRemoved: string[];
  /** Same id, different settings, type or label (moving a block on the canvas is not a change). */
  blocksChanged: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
  startChanged: boolean;
  settingsChanged: string[];
  identical: boolean;
};

/** What changed from `before` to `after`, by block and edge id (for version compare and save conflicts). */
export function diffFlowDocuments(before: FlowDocument, after: FlowDocument): FlowDiff {
  const left = new Map(before.blocks.map((block) => [block.id, block]));
  const right = new Map(after.blocks.map((block) => [block.id, block]));
  const content = (block: FlowDocument['blocks'][number]) => JSON.stringify({ ...block, position: undefined });
  const edgeKey = (edge: FlowDocument['edges'][number]) => `${edge.source}:${edge.sourceHandle}→${edge.target}`;
  const leftEdges = new Set(before.edges.map(edgeKey));
  const rightEdges = new Set(after.edges.map(edgeKey));
  const settings = Object.keys({ ...before.settings, ...after.settings }) as (keyof FlowDocument['settings'])[];
  const diff = {
    blocksAdded: [...right.keys()].filter((id) => !left.has(id)),
    blocksRemoved: [...left.keys()].filter((id) => !right.has(id)),
    blocksChanged: [...right.keys()].filter((id) => left.has(id) && content(left.get(id)!) !== content(right.get(id)!)),
    edgesAdded: [...rightEdges].filter((key) => !leftEdges.has(key)),
    edgesRemoved: [...leftEdges].filter((key) => !rightEdges.has(key)),
    startChanged: before.startBlockId !== after.startBlockId,
    settingsChanged: settings.filter((key) => JSON.stringify(before.settings[key]) !== JSON.stringify(after.settings[key])),
  };
  const identical =
    !diff.startChanged &&
    [diff.blocksAdded, diff.blocksRemoved, diff.blocksChanged, diff.edgesAdded, diff.edgesRemoved, diff.settingsChanged].every((list) => list.length === 0);
  return { ...diff, identical };
}

/** One readable line, for conflict messages. */
export function describeFlowDiff(diff: FlowDiff): string {
  if (diff.identical) return 'no differences in the flow itself';
  const parts: string[] = [];
  if (diff.blocksChanged.length) parts.push(`blocks changed: ${diff.blocksChanged.join(', ')}`);
  if (diff.blocksAdded.length) parts.push(`blocks only in the saved draft: ${diff.blocksAdded.join(', ')}`);
  if (diff.blocksRemoved.length) parts.push(`blocks only in yours: ${diff.blocksRemoved.join(', ')}`);
  if (diff.edgesAdded.length || diff.edgesRemoved.length) parts.push(`${diff.edgesAdded.length + diff.edgesRemoved.length} connections differ`);
  if (diff.startChanged) parts.push('the start block differs');
  if (diff.settingsChanged.length) parts.push(`settings differ: ${diff.settingsChanged.join(', ')}`);
  return parts.join('; ');
}
