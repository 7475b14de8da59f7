// A block card's size and handle positions before the browser has drawn it, from the card's CSS
// (flowEditor.css: 15 px root, line-height 1.45, card text 0.85rem, handle rows 0.8rem, 12 px
// handles). xyflow draws a node it knows neither the size nor the handles of, whether on screen or
// not, to measure it: a thousand-block flow would be drawn whole on open. Given these, it draws
// only what is on screen (onlyRenderVisibleElements) and measures each card when it first appears;
// the estimate only has to be close for the cards (and the ends of edges) that are off screen.
import { Position, type NodeHandle } from '@xyflow/react';
import { blockHandles, type FlowBlock } from '#shared/flows/blocks.js';
import { blockPreview } from './describeBlock';

export const CARD_WIDTH = 260;
const BORDER = 2;
const LINE = 15 * 0.85 * 1.45;
/** Padding and bottom border around the header's one line. */
const HEADER = 12 + 1 + LINE;
/** The preview's padding; it shows up to three lines (max-height 4.4em). */
const PREVIEW_PADDING = 12;
const PREVIEW_MAX_LINES = 3;
/** About this many characters of card text fit on one preview line. */
const CHARS_PER_LINE = 36;
const STATS = 4 + 15 * 0.78 * 1.45;
const HANDLE_LIST_PADDING = { top: 2, bottom: 6 };
const HANDLE_ROW = 6 + 15 * 0.8 * 1.45;
const HANDLE_SIZE = 12;

export type CardGeometry = { width: number; height: number; handles: NodeHandle[] };

function previewLines(block: FlowBlock): number {
  const text = blockPreview(block).trim();
  if (!text) return 1;
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil([...line].length / CHARS_PER_LINE)), 0);
  return Math.min(PREVIEW_MAX_LINES, lines);
}

export function cardGeometry(block: FlowBlock, withStats: boolean): CardGeometry {
  const sources = blockHandles(block);
  const aboveHandles = BORDER + HEADER + PREVIEW_PADDING + LINE * previewLines(block) + (withStats ? STATS : 0);
  const height = Math.round(aboveHandles + (sources.length ? HANDLE_LIST_PADDING.top + HANDLE_ROW * sources.length + HANDLE_LIST_PADDING.bottom : 0) + BORDER);
  const rowTop = aboveHandles + HANDLE_LIST_PADDING.top;
  const handles: NodeHandle[] = [
    { id: 'in', type: 'target', position: Position.Left, x: -4, y: height / 2 - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE },
    ...sources.map((id, index): NodeHandle => ({
      id,
      type: 'source',
      position: Position.Right,
      x: CARD_WIDTH - 8,
      y: rowTop + HANDLE_ROW * index + HANDLE_ROW / 2 - HANDLE_SIZE / 2,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    })),
  ];
  return { width: CARD_WIDTH, height, handles };
}
