// The minimap: every block as a rectangle on one <canvas>, and the visible part of the canvas as a
// window in a shaded mask. xyflow's own minimap draws one SVG element per node, each subscribed to
// the store, and re-measures all nodes' bounds on every frame of a pan: with a thousand blocks that
// was a good part of each frame. Here the rectangles are redrawn only when the blocks or the
// minimap's scale change. Dragging on it (or clicking) centres the canvas there; the wheel zooms.
import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { shallow } from 'zustand/shallow';
import type { CanvasNode } from './buildCanvasElements';

const WIDTH = 200;
const HEIGHT = 150;
/** Margin around the drawn area, in minimap pixels. */
const MARGIN = 5;
const COLORS = { block: '#c4ccd6', selected: '#1a5fd0', error: '#d64545', note: '#e8d36a', mask: 'rgba(240, 242, 244, 0.7)' };

type Box = { x: number; y: number; width: number; height: number };

const viewportOf = (state: ReactFlowState) => ({
  x: state.transform[0],
  y: state.transform[1],
  zoom: state.transform[2],
  width: state.width,
  height: state.height,
});

function boundsOf(nodes: readonly CanvasNode[]): Box | null {
  if (nodes.length === 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of nodes) {
    const { width, height } = sizeOf(node);
    left = Math.min(left, node.position.x);
    top = Math.min(top, node.position.y);
    right = Math.max(right, node.position.x + width);
    bottom = Math.max(bottom, node.position.y + height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function sizeOf(node: CanvasNode): { width: number; height: number } {
  const fallback = node.type === 'note' ? { width: 220, height: 120 } : { width: 260, height: 140 };
  return { width: node.measured?.width ?? node.initialWidth ?? fallback.width, height: node.measured?.height ?? node.initialHeight ?? fallback.height };
}

function union(a: Box | null, b: Box): Box {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Flow coordinates → minimap pixels: the whole of `bounds` fits, centred, with a margin. */
function mappingFor(bounds: Box) {
  const scale = Math.max(bounds.width / (WIDTH - 2 * MARGIN), bounds.height / (HEIGHT - 2 * MARGIN)) || 1;
  const originX = bounds.x - (WIDTH * scale - bounds.width) / 2;
  const originY = bounds.y - (HEIGHT * scale - bounds.height) / 2;
  return { scale, originX, originY };
}

function FlowMinimapView({ nodes, label }: { nodes: readonly CanvasNode[]; label: string }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const view = useStore(viewportOf, shallow);
  const canvas = useRef<HTMLCanvasElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const nodesBox = useMemo(() => boundsOf(nodes), [nodes]);
  const visible: Box = { x: -view.x / view.zoom, y: -view.y / view.zoom, width: view.width / view.zoom, height: view.height / view.zoom };
  const bounds = union(nodesBox, visible);
  const mapping = mappingFor(bounds);
  // The rectangles are redrawn when the mapping's numbers change, not for every new mapping object.
  const { scale, originX, originY } = mapping;

  useEffect(() => {
    const element = canvas.current;
    // A canvas kept in main memory: drawing a few rectangles needs no GPU (or GPU process) round trip.
    const context = element?.getContext('2d', { willReadFrequently: true });
    if (!element || !context) return;
    const ratio = window.devicePixelRatio || 1;
    if (element.width !== WIDTH * ratio) {
      element.width = WIDTH * ratio;
      element.height = HEIGHT * ratio;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const node of nodes) {
      const { width, height } = sizeOf(node);
      context.fillStyle = node.type === 'note' ? COLORS.note : node.selected ? COLORS.selected : node.data.severity === 'error' ? COLORS.error : COLORS.block;
      context.fillRect((node.position.x - originX) / scale, (node.position.y - originY) / scale, Math.max(1, width / scale), Math.max(1, height / scale));
    }
  }, [nodes, scale, originX, originY]);

  // The wheel zooms the canvas around its centre (a native listener: React's is passive and could
  // not keep the page from scrolling).
  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { x, y, zoom, width, height } = viewportOf(store.getState());
      const centre = { x: (width / 2 - x) / zoom, y: (height / 2 - y) / zoom };
      void flow.setCenter(centre.x, centre.y, { zoom: zoom * Math.pow(2, -event.deltaY * 0.002) });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [flow, store]);

  const centreOn = (event: PointerEvent) => {
    const box = event.currentTarget.getBoundingClientRect();
    void flow.setCenter(originX + (event.clientX - box.left) * scale, originY + (event.clientY - box.top) * scale, { zoom: flow.getZoom() });
  };

  const frame = {
    x: (visible.x - mapping.originX) / mapping.scale,
    y: (visible.y - mapping.originY) / mapping.scale,
    width: visible.width / mapping.scale,
    height: visible.height / mapping.scale,
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap flow-minimap" data-testid="minimap">
      <div
        ref={panel}
        style={{ width: WIDTH, height: HEIGHT, position: 'relative' }}
        role="img"
        aria-label={label}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          centreOn(event);
        }}
        onPointerMove={(event) => {
          if (event.buttons & 1) centreOn(event);
        }}>
        <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT, display: 'block' }} />
        <svg width={WIDTH} height={HEIGHT} style={{ position: 'absolute', inset: 0 }} aria-hidden="true">
          <path
            fill={COLORS.mask}
            fillRule="evenodd"
            d={`M0,0h${WIDTH}v${HEIGHT}h${-WIDTH}z M${frame.x},${frame.y}h${frame.width}v${frame.height}h${-frame.width}z`}
          />
        </svg>
      </div>
    </Panel>
  );
}

export const FlowMinimap = memo(FlowMinimapView);
