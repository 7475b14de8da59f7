// One flow open in the builder: toolbar, palette, canvas, problems, and the side panel (block,
// triggers and settings, versions, the simulator). The editor store holds the document; the
// draft saver autosaves it; commands do every change.
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { hasErrors, validateFlow, type FlowProblem } from '#shared/flows/validateFlow.js';
import type { FlowBlock } from '#shared/flows/blocks.js';
import { errorCode, errorMessage, errorReason } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { blockSearchText } from './canvas/describeBlock';
import type { BlockDecoration } from './canvas/buildCanvasElements';
import { FlowCanvas } from './canvas/FlowCanvas';
import { Palette } from './canvas/Palette';
import { ConflictDialog } from './ConflictDialog';
import { createDraftSaver, type DraftMeta } from './editor/createDraftSaver';
import { createEditorStore } from './editor/createEditorStore';
import { createEditorContextValue, EditorContext } from './editor/EditorContext';
import { EMPTY_SELECTION, type Selection } from './editor/flowEdits';
import { useEditorKeyboard } from './editor/useEditorKeyboard';
import { BlockSearch, CommandButton, EditorTitle, SaveState } from './EditorToolbar';
import { FlowSettingsPanel, type FlowMeta } from './FlowSettingsPanel';
import { flowsApi, type FlowVersion, type FlowView, type SimulatorTurn } from './flowsApi';
import { BlockPanel } from './panel/BlockPanel';
import { flowVariables } from './panel/flowVariables';
import { ProblemsList } from './ProblemsList';
import { PublishDialog } from './PublishDialog';
import { problemText, useBlockName } from './useProblemText';
import { useFlowProblems } from './useFlowProblems';
import { SimulatorPanel } from './simulator/SimulatorPanel';
import { VersionsPanel } from './VersionsPanel';
import './flowEditor.css';

type Tab = 'block' | 'flow' | 'versions' | 'test';

/** The editor for a flow loaded by FlowEditorScreen (a separate chunk: see there). */
type EditorProps = { initial: FlowView; readOnly: boolean; canSimulate: boolean };

export default function FlowEditorForFlow(props: EditorProps) {
  return (
    <ReactFlowProvider key={props.initial.id}>
      <FlowEditor {...props} />
    </ReactFlowProvider>
  );
}

function FlowEditor({ initial, readOnly, canSimulate }: EditorProps) {
  const t = useT();
  const flowId = initial.id;
  const [meta, setMeta] = useState<FlowMeta & { publishedVersion: number | null; isActive: boolean }>(initial);
  const value = useMemo(() => createEditorContextValue(createEditorStore(initial.document), { readOnly }), [initial, readOnly]);
  const saver = useMemo(() => {
    const created = createDraftSaver({
      editor: value.editor,
      revision: initial.draftRevision,
      server: {
        save: async (input) => {
          const view = await flowsApi().updateDraft.mutate({ id: flowId, ...input });
          // Triggers changed while this save was on its way stay as typed (they are saved next), and
          // so do triggers the server refused (the settings panel says why).
          setMeta({ ...view, ...created.unsavedMeta() });
          return view;
        },
        load: () => flowsApi().get.query({ id: flowId }),
      },
      // A trigger another active flow has is a CONFLICT too, but nobody else's edit: no merge dialog.
      isConflict: (error) => errorCode(error) === 'CONFLICT' && errorReason(error) !== 'trigger_taken',
      isRefusal: (error) => errorReason(error) === 'trigger_taken',
      describe: errorMessage,
    });
    return created;
  }, [value, initial, flowId]);
  // Triggers show what was typed at once: the next keyword added builds on it, not on the last
  // answer from the server (typing fast used to drop keywords).
  const saveMeta = useCallback(
    (changes: DraftMeta) => {
      setMeta((previous) => ({ ...previous, ...changes }));
      return saver.saveMeta(changes);
    },
    [saver],
  );
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const saveState = useStore(saver.state);
  const doc = useStore(value.editor, (state) => state.doc);
  const selection = useStore(value.editor, (state) => state.selection);
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => flowsApi().list.query() });
  const [tab, setTab] = useState<Tab>('flow');
  // Selecting one block shows its settings unless the simulator or versions are open: adjusted
  // while rendering, with the selection last seen kept in state.
  const [seenSelection, setSeenSelection] = useState<Selection['blocks'] | null>(null);
  if (selection.blocks !== seenSelection) {
    setSeenSelection(selection.blocks);
    if (selection.blocks.length === 1 && tab === 'flow') setTab('block');
  }
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [search, setSearch] = useState('');
  const [simulation, setSimulation] = useState<{ current: string | null; path: string[] }>({ current: null, path: [] });
  const [showAnalytics, setShowAnalytics] = useState(false);
  const [showMinimap, setShowMinimap] = useState(true);
  const [versionsKey, setVersionsKey] = useState(0);
  const searchInput = useRef<HTMLInputElement | null>(null);

  // Leaving the editor saves what is pending; closing the window with unsaved changes asks first.
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (saver.state.getState().status !== 'saved') {
        event.preventDefault();
        void saver.flush();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      void saver.flush().finally(() => saver.dispose());
    };
  }, [saver]);

  const flowIds = useMemo(() => (flows.data ? new Set(flows.data.map((entry) => entry.id)) : undefined), [flows.data]);
  const problems = useFlowProblems(doc, flowIds);
  const blockName = useBlockName(doc);
  const describeProblem = useCallback((problem: FlowProblem) => problemText(problem, t, doc, blockName), [t, doc, blockName]);
  const problemsByBlock = useMemo(() => {
    const byBlock = new Map<string, FlowProblem[]>();
    for (const problem of problems ?? []) {
      for (const id of problem.blockIds ?? (problem.blockId ? [problem.blockId] : [])) byBlock.set(id, [...(byBlock.get(id) ?? []), problem]);
    }
    return byBlock;
  }, [problems]);
  const matches = useMemo(() => {
    const query = search.trim().toLowerCase();
    return query ? doc.blocks.filter((block) => blockSearchText(block).includes(query)).map((block) => block.id) : [];
  }, [doc.blocks, search]);
  const analytics = useQuery({
    queryKey: ['flows', 'analytics', flowId],
    enabled: showAnalytics,
    staleTime: 30_000,
    queryFn: () => flowsApi().analytics.query({ id: flowId }),
  });
  const stats = useMemo(
    () => new Map((showAnalytics ? (analytics.data?.blocks ?? []) : []).map((entry) => [entry.blockId, entry])),
    [analytics.data, showAnalytics],
  );

  const visited = useMemo(() => new Set(simulation.path), [simulation.path]);
  const visitedEdges = useMemo(() => {
    const edges = new Set<string>();
    for (let index = 1; index < simulation.path.length; index++) {
      const edge = doc.edges.find((candidate) => candidate.source === simulation.path[index - 1] && candidate.target === simulation.path[index]);
      if (edge) edges.add(edge.id);
    }
    return edges;
  }, [simulation.path, doc.edges]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const simulatedBlockId = simulation.current;
  const decorate = useCallback(
    (block: FlowBlock): BlockDecoration => {
      const found = problemsByBlock.get(block.id) ?? [];
      const entry = stats.get(block.id);
      return {
        isStart: doc.startBlockId === block.id,
        severity: found.some((problem) => problem.severity === 'error') ? 'error' : found.length ? 'warning' : null,
        problemCount: found.length,
        current: simulatedBlockId === block.id,
        visited: visited.has(block.id),
        matched: matchSet.has(block.id),
        stats: showAnalytics ? { reached: entry?.reached ?? 0, dropped: entry?.dropped ?? 0 } : null,
      };
    },
    [problemsByBlock, stats, doc.startBlockId, simulatedBlockId, visited, matchSet, showAnalytics],
  );

  const focusBlock = useCallback(
    (blockId: string) => {
      value.editor.getState().select({ ...EMPTY_SELECTION, blocks: [blockId] });
      value.ports.view?.centerOn(blockId);
    },
    [value],
  );

  const pickProblem = useCallback(
    (problem: FlowProblem) => {
      if (!problem.blockId) return;
      focusBlock(problem.blockId);
      setTab('block');
    },
    [focusBlock],
  );

  /** Publishing asks first, listing what goes live: saved and checked, then the confirmation. */
  const publish = useCallback(async () => {
    setNotice(null);
    await saver.flush();
    const { status, error, refused } = saver.state.getState();
    if (status === 'conflict' || status === 'error') return setNotice({ kind: 'error', text: error ?? '' });
    if (refused) return setNotice({ kind: 'error', text: t('flows.triggers.refused', { reason: refused.message }) });
    const current = validateFlow(value.editor.getState().doc, flowIds ? { flowIds } : {});
    if (hasErrors(current)) return setNotice({ kind: 'error', text: t('flows.publish.blocked') });
    setConfirmPublish(true);
  }, [saver, value, flowIds, t]);

  const publishNow = useCallback(async () => {
    setConfirmPublish(false);
    try {
      const published = await flowsApi().publish.mutate({ id: flowId, expectedRevision: saver.state.getState().revision });
      setMeta((previous) => ({ ...previous, publishedVersion: published.version, isActive: true }));
      setVersionsKey((key) => key + 1);
      setNotice({ kind: 'ok', text: t('flows.publish.done', { version: published.version }) });
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    }
  }, [saver, flowId, t]);

  const restore = useCallback(
    async (version: FlowVersion) => {
      await saver.flush();
      const view = await flowsApi().restore.mutate({ id: flowId, versionId: version.id, expectedRevision: saver.state.getState().revision });
      // Undoable like any edit: undoing it autosaves the previous draft back.
      value.editor.getState().apply(() => view.document, { select: EMPTY_SELECTION });
      saver.adopt(view);
      setMeta(view);
      setNotice({ kind: 'ok', text: t('flows.versions.restored', { version: version.version }) });
    },
    [saver, value, flowId, t],
  );

  // The commands' host (clipboard, publish, search, …), unplugged on unmount (the effect's cleanup).
  useEffect(() => {
    let memory: string | null = null;
    return value.attach('host', {
      clipboard: {
        write: async (text) => {
          memory = text;
          await navigator.clipboard?.writeText(text).catch(() => undefined);
        },
        read: async () => (await navigator.clipboard?.readText().catch(() => null)) ?? memory,
      },
      publish: () => void publish(),
      save: () => void saver.flush(),
      openSearch: () => searchInput.current?.focus(),
      toggleSimulator: () => setTab((current) => (current === 'test' ? 'flow' : 'test')),
      toggleAnalytics: () => setShowAnalytics((current) => !current),
      openBlockForm: () => {
        setTab('block');
        setFocusRequest((count) => count + 1);
      },
      focusCanvas: () => {
        const [selected] = value.editor.getState().selection.blocks;
        if (selected) value.ports.view?.focusBlock?.(selected);
        else (document.activeElement as HTMLElement | null)?.blur();
      },
    });
  }, [value, publish, saver]);
  // "Open its form": once the panel shows the selected block, its first field (after the label) gets the focus.
  useEffect(() => {
    if (focusRequest === 0) return;
    const panel = document.querySelector('[data-testid="block-panel"]');
    const field =
      panel?.querySelector<HTMLElement>(':is(input, textarea, select):not([data-testid="field-label"])') ?? panel?.querySelector<HTMLElement>('input');
    field?.focus();
  }, [focusRequest]);
  useEditorKeyboard(value);

  const selectedBlock = selection.blocks.length === 1 ? doc.blocks.find((block) => block.id === selection.blocks[0]) : undefined;
  const variables = useMemo(() => flowVariables(doc), [doc]);
  const otherFlows = useMemo(
    () => (flows.data ?? []).filter((entry) => entry.id !== flowId).map((entry) => ({ id: entry.id, name: entry.name })),
    [flows.data, flowId],
  );
  const tabs: { id: Tab; label: string }[] = [
    { id: 'block', label: t('flows.panel.title') },
    { id: 'flow', label: t('flows.triggers.title') },
    { id: 'versions', label: t('flows.versions.title') },
    ...(canSimulate ? [{ id: 'test' as const, label: t('flows.command.simulator') }] : []),
  ];

  return (
    <EditorContext.Provider value={value}>
      <div className="flow-editor" data-testid="flow-editor" data-flow-id={flowId}>
        <header className="editor-toolbar" aria-label={t('flows.editor.toolbar')}>
          <EditorTitle name={meta.name} />
          {!readOnly && <SaveState saver={saver} />}
          <span className="muted small" data-testid="published-version">
            {meta.publishedVersion ? t('flows.published.version', { version: meta.publishedVersion }) : t('flows.published.never')}
          </span>
          <span className="grow" />
          {readOnly ? (
            <span className="read-only-badge" data-testid="read-only">
              {t('flows.readOnly')}
            </span>
          ) : (
            <div className="tool-group" role="toolbar" aria-label={t('flows.menu.edit')}>
              <CommandButton id="history.undo" icon="↶" />
              <CommandButton id="history.redo" icon="↷" />
              <CommandButton id="selection.copy" icon="📄" />
              <CommandButton id="selection.paste" icon="📋" />
              <CommandButton id="selection.delete" icon="🗑" />
              <CommandButton id="layout.auto" icon="⊞" />
            </div>
          )}
          <div className="tool-group" role="toolbar" aria-label={t('flows.menu.view')}>
            <CommandButton id="view.zoomOut" icon="−" />
            <CommandButton id="view.zoomIn" icon="+" />
            <CommandButton id="view.fit" icon="⤢" />
            <button
              type="button"
              className="tool-button"
              aria-pressed={showMinimap}
              onClick={() => setShowMinimap((shown) => !shown)}
              title={t('flows.minimap')}>
              ▣
            </button>
            <CommandButton id="analytics.toggle" icon="📊" pressed={showAnalytics} />
          </div>
          <BlockSearch
            inputRef={searchInput}
            matches={matches}
            onGo={(query, index) => {
              setSearch(query);
              if (index >= 0 && matches[index]) focusBlock(matches[index]!);
            }}
          />
          {!readOnly && <CommandButton id="flow.publish" primary />}
        </header>
        {notice && (
          <div
            className={`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="editor-notice">
            {notice.text}
          </div>
        )}
        {showAnalytics && analytics.data && (
          <p className="muted small analytics-summary" data-testid="analytics-summary">
            {t('flows.analytics.summary', { count: analytics.data.executions })}
          </p>
        )}
        <div className={`editor-body${readOnly ? ' read-only' : ''}`}>
          {!readOnly && <Palette onAdded={() => value.ports.host?.openBlockForm?.()} />}
          <div className="editor-center">
            <FlowCanvas decorate={decorate} visitedEdges={visitedEdges} showMinimap={showMinimap} />
            <ProblemsList problems={problems} onPick={pickProblem} describe={describeProblem} blockName={blockName} />
          </div>
          <aside className="side-panel">
            <div role="tablist" className="side-tabs" aria-label={t('flows.panel.title')}>
              {tabs.map((entry) => (
                <button
                  key={entry.id}
                  type="button"
                  role="tab"
                  id={`tab-${entry.id}`}
                  aria-selected={tab === entry.id}
                  aria-controls={`tabpanel-${entry.id}`}
                  className="tab"
                  onClick={() => setTab(entry.id)}
                  data-testid={`tab-${entry.id}`}>
                  {entry.label}
                </button>
              ))}
            </div>
            <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="side-content">
              {tab === 'block' &&
                (selectedBlock ? (
                  // A read-only builder shows the forms with every field disabled.
                  <fieldset className="plain-fieldset" disabled={readOnly}>
                    <BlockPanel
                      key={selectedBlock.id}
                      block={selectedBlock}
                      problems={problemsByBlock.get(selectedBlock.id) ?? []}
                      variables={variables}
                      flows={otherFlows}
                      describe={describeProblem}
                      blockName={blockName}
                    />
                  </fieldset>
                ) : (
                  <p className="muted">{t('flows.panel.none')}</p>
                ))}
              {tab === 'flow' && (
                <fieldset className="plain-fieldset" disabled={readOnly}>
                  <FlowSettingsPanel meta={meta} saveMeta={saveMeta} refusal={saveState.refused?.message ?? null} />
                </fieldset>
              )}
              {tab === 'versions' && <VersionsPanel flowId={flowId} refreshKey={versionsKey} onRestore={readOnly ? undefined : restore} />}
              {tab === 'test' && canSimulate && (
                <SimulatorPanel
                  flowId={flowId}
                  beforeStart={() => saver.flush()}
                  onTurn={(turn: SimulatorTurn | null, path) => {
                    setSimulation({ current: turn?.currentBlockId ?? null, path });
                    if (turn?.currentBlockId) value.ports.view?.centerOn(turn.currentBlockId);
                  }}
                />
              )}
            </div>
          </aside>
        </div>
        {confirmPublish && (
          <PublishDialog meta={meta} keywordMatch={doc.settings.keywordMatch} onConfirm={() => void publishNow()} onCancel={() => setConfirmPublish(false)} />
        )}
        {saveState.status === 'conflict' && (
          <ConflictDialog
            mine={doc}
            theirs={saveState.theirs?.document ?? null}
            onKeepMine={() => void saver.keepMine()}
            onTakeTheirs={() => void saver.takeTheirs()}
            onLater={() => saver.state.setState({ status: 'error', error: t('flows.save.conflict') })}
          />
        )}
      </div>
    </EditorContext.Provider>
  );
}
