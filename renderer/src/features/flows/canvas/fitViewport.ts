// The view that shows the whole graph, from the document's positions and the cards' sizes (as
// measured, or estimated): xyflow's own fit waits for every card to be measured, which never
// happens for the cards a big flow leaves undrawn off screen. When the graph is too big even at
// the smallest zoom, its middle is shown.
import { getViewportForBounds, type Viewport } from '@xyflow/react';
import type { FlowBlock } from '#shared/flows/blocks.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2;
const FIT_MAX_ZOOM = 1.2;
const FIT_PADDING = 0.15;
const NOTE_SIZE = { width: 220, height: 120 };

export function fitViewport(
  doc: FlowDocument,
  sizeOf: (block: FlowBlock) => { width: number; height: number },
  width: number,
  height: number,
): Viewport | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const include = (position: { x: number; y: number }, size: { width: number; height: number }) => {
    left = Math.min(left, position.x);
    top = Math.min(top, position.y);
    right = Math.max(right, position.x + size.width);
    bottom = Math.max(bottom, position.y + size.height);
  };
  for (const block of doc.blocks) include(block.position ?? { x: 0, y: 0 }, sizeOf(block));
  for (const note of doc.settings.notes ?? []) include(note.position, NOTE_SIZE);
  if (left === Infinity || !width || !height) return null;
  return getViewportForBounds({ x: left, y: top, width: right - left, height: bottom - top }, width, height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING);
}
