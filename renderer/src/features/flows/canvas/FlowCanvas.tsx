// The canvas: blocks, notes and connections drawn by @xyflow/react. The document in the editor
// store is the truth; xyflow's node list is derived from it, plus the live positions of a drag in
// progress, which reaches the document (and the undo history) once, when the drag ends.
import {
  applyNodeChanges,
  Background,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { BlockType } from '#shared/flows/blocks.js';
import type { Point } from '#shared/flows/layoutFlow.js';
import { useT } from '#renderer/i18n/useI18n';
import { useEditor, useEditorContext } from '../editor/EditorContext';
import type { Selection } from '../editor/flowEdits';
import { BlockCard } from './BlockCard';
import { createCanvasElementBuilder, type CanvasNode, type Decorate } from './buildCanvasElements';
import { cardGeometry } from './cardGeometry';
import { fitViewport, MAX_ZOOM, MIN_ZOOM } from './fitViewport';
import { FlowMinimap } from './FlowMinimap';
import { NoteCard } from './NoteCard';

export const PALETTE_MIME = 'application/x-uzz-block';
const NODE_TYPES: NodeTypes = { block: BlockCard, note: NoteCard };
/** Above this many blocks only what is on screen is rendered (panning stays smooth). */
const RENDER_VISIBLE_ONLY_ABOVE = 150;
/** Below this zoom the background's dots would be a few pixels apart: noise that is repainted on every frame of a pan. */
const BACKGROUND_MIN_ZOOM = 0.4;

export type FlowCanvasProps = { decorate: Decorate; visitedEdges: ReadonlySet<string>; showMinimap: boolean };

export function FlowCanvas({ decorate, visitedEdges, showMinimap }: FlowCanvasProps) {
  const t = useT();
  const { editor, attach, run, readOnly } = useEditorContext();
  const doc = useEditor((state) => state.doc);
  const selection = useEditor((state) => state.selection);
  const flow = useReactFlow();
  const store = useStoreApi();
  const wrapper = useRef<HTMLDivElement>(null);
  const build = useMemo(() => createCanvasElementBuilder(), []);
  // `decorate` changes when problems, search, simulator or analytics change what cards show.
  const built = useMemo(() => build(doc, selection, decorate, visitedEdges), [build, doc, selection, decorate, visitedEdges]);
  const [nodes, setNodes] = useState<CanvasNode[]>(built.nodes);
  const lastBuilt = useRef(new Map<string, CanvasNode>());
  const dragging = useRef<Record<string, Point>>({});

  // Keep what xyflow measured (sizes) on nodes rebuilt from the document, and then drop the
  // estimated handles, which would replace the measured ones.
  useEffect(() => {
    setNodes((current) => {
      const live = new Map(current.map((node) => [node.id, node]));
      const next = built.nodes.map((node) => {
        const previous = live.get(node.id);
        if (!previous) return node;
        if (lastBuilt.current.get(node.id) === node) return previous;
        return previous.measured ? withoutEstimates({ ...node, measured: previous.measured }) : node;
      });
      lastBuilt.current = new Map(built.nodes.map((node) => [node.id, node]));
      return next;
    });
  }, [built.nodes]);

  /** A block's size as drawn, or as estimated until it is (see cardGeometry). */
  const sizeOf = useCallback(
    (blockId: string) => {
      const node = flow.getInternalNode(blockId);
      const width = node?.measured.width ?? node?.initialWidth;
      const height = node?.measured.height ?? node?.initialHeight;
      return width && height ? { width, height } : undefined;
    },
    [flow],
  );

  // The first view fits the graph (see fitViewport), worked out before xyflow's first render: fitting
  // after it would draw and measure the cards around the origin first, for nothing.
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const box = wrapper.current?.getBoundingClientRect();
    setInitialViewport((box && fitViewport(editor.getState().doc, (block) => cardGeometry(block, false), box.width, box.height)) ?? { x: 0, y: 0, zoom: 1 });
  }, [editor]);

  const fitAll = useCallback(
    (duration: number) => {
      // The canvas's size as xyflow last measured it (asking the page would force a layout).
      const { width, height } = store.getState();
      const viewport = fitViewport(editor.getState().doc, (block) => sizeOf(block.id) ?? cardGeometry(block, false), width, height);
      if (viewport) void flow.setViewport(viewport, { duration });
    },
    [editor, flow, sizeOf, store],
  );

  // The commands' view of the canvas, unplugged when it unmounts (the effect's cleanup).
  useEffect(() => {
    return attach('view', {
      fitView: () => fitAll(200),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      centerOn: (blockId) => {
        const node = flow.getInternalNode(blockId);
        if (!node) return;
        const { width, height } = sizeOf(blockId) ?? { width: 260, height: 140 };
        void flow.setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, {
          zoom: Math.max(flow.getZoom(), 0.9),
          duration: 250,
        });
      },
      visibleCenter: () => {
        const box = wrapper.current?.getBoundingClientRect();
        return box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
      },
      measured: sizeOf,
      focusBlock: (blockId) => {
        // After the camera has moved there (centerOn), so the browser does not scroll on its own.
        requestAnimationFrame(() =>
          wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(blockId)}"]`)?.focus({ preventScroll: true }),
        );
      },
    });
  }, [flow, attach, fitAll, sizeOf]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const measured = new Set(changes.filter((change) => change.type === 'dimensions').map((change) => change.id));
      setNodes((current) => {
        const next = applyNodeChanges(changes, current);
        return measured.size ? next.map((node) => (measured.has(node.id) && node.handles ? withoutEstimates(node) : node)) : next;
      });
      const finished: Record<string, Point> = {};
      let selectionChanged = false;
      const state = editor.getState();
      const blocks = new Set(state.selection.blocks);
      const notes = new Set(state.selection.notes);
      const isNote = (id: string) => (state.doc.settings.notes ?? []).some((note) => note.id === id);
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          if (change.dragging) dragging.current[change.id] = change.position;
          else finished[change.id] = change.position;
        } else if (change.type === 'position' && change.dragging === false && dragging.current[change.id]) {
          finished[change.id] = dragging.current[change.id]!;
        } else if (change.type === 'select') {
          selectionChanged = true;
          const set = isNote(change.id) ? notes : blocks;
          if (change.selected) set.add(change.id);
          else set.delete(change.id);
        }
      }
      for (const id of Object.keys(finished)) delete dragging.current[id];
      if (selectionChanged) state.select({ ...state.selection, blocks: [...blocks], notes: [...notes] });
      // The whole drag becomes one undo step, recorded when it ends.
      if (Object.keys(finished).length) void run('elements.move', finished);
    },
    [editor, run],
  );

  const onNodeDragStop = useCallback(() => {
    const pending = dragging.current;
    dragging.current = {};
    if (Object.keys(pending).length) void run('elements.move', pending);
  }, [run]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const state = editor.getState();
      const edges = new Set(state.selection.edges);
      let changed = false;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        changed = true;
        if (change.selected) edges.add(change.id);
        else edges.delete(change.id);
      }
      if (changed) state.select({ ...state.selection, edges: [...edges] } satisfies Selection);
    },
    [editor],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!connection.sourceHandle) return;
      void run('edge.connect', { source: connection.source, sourceHandle: connection.sourceHandle, target: connection.target });
    },
    [run],
  );

  const onDragOver = (event: DragEvent) => {
    if (readOnly || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_MIME) as BlockType;
    if (!type || readOnly) return;
    event.preventDefault();
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    void run('block.add', { type, position: { x: Math.round(position.x - 20), y: Math.round(position.y - 20) } });
  };

  return (
    <div
      className="flow-canvas"
      ref={wrapper}
      onDragOver={onDragOver}
      onDrop={onDrop}
      aria-label={t('flows.editor.canvas')}
      role="region"
      data-testid="flow-canvas">
      {initialViewport && (
        <ReactFlow<CanvasNode>
          defaultViewport={initialViewport}
          nodes={nodes}
          edges={built.edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onSelectionDragStop={onNodeDragStop}
          onConnect={onConnect}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          onlyRenderVisibleElements={doc.blocks.length > RENDER_VISIBLE_ONLY_ABOVE}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          proOptions={{ hideAttribution: true }}>
          <CanvasBackground />
          {showMinimap && <FlowMinimap nodes={nodes} label={t('flows.minimap')} />}
        </ReactFlow>
      )}
    </div>
  );
}

function CanvasBackground() {
  const shown = useStore((state) => state.transform[2] >= BACKGROUND_MIN_ZOOM);
  return shown ? <Background gap={24} /> : null;
}

/** A node without its estimated handles: xyflow then keeps the handles it measured. */
function withoutEstimates(node: CanvasNode): CanvasNode {
  const { handles: _estimated, ...rest } = node;
  return rest as CanvasNode;
}
