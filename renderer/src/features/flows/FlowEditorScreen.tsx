// The /flows/<flow id> route: loads the flow and the editor's code at the same time. The editor
// (xyflow, d3, the flow schemas: several hundred kB) is its own chunk, so the server's work and the
// editor's download and start-up overlap instead of following each other. Both start while this
// screen renders, not once it is on screen: React may hold a screen that has just been loaded back
// for up to 300 ms before showing it (Suspense's reveal throttling), which is also why the editor's
// code is awaited here rather than with lazy() and Suspense.
import { queryOptions, usePrefetchQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { roleAtLeast } from '#shared/domain/roles.js';
import { useMe } from '../auth/useMe';
import { flowsApi } from './flowsApi';

type EditorModule = typeof import('./FlowEditor');

/** Kept a few seconds for the screen to mount; removed when the editor closes, so each opening reads the draft afresh. */
const flowQuery = (flowId: string) =>
  queryOptions({ queryKey: ['flows', 'get', flowId], queryFn: () => flowsApi().get.query({ id: flowId }), staleTime: Infinity, gcTime: 10_000 });
/** The other flows (jump targets), read by the editor from the cache. */
const flowListQuery = queryOptions({ queryKey: ['flows', 'list'], queryFn: () => flowsApi().list.query() });

let editorCode: Promise<EditorModule> | null = null;
let loadedEditor: EditorModule | null = null;
function loadEditor(): Promise<EditorModule> {
  editorCode ??= import('./FlowEditor').then(
    (module) => (loadedEditor = module),
    (error: unknown) => {
      editorCode = null; // the next attempt downloads it again
      throw error;
    },
  );
  return editorCode;
}

function useEditorCode() {
  const [state, setState] = useState<{ module: EditorModule | null; error: unknown }>({ module: loadedEditor, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (state.module) return;
    let current = true;
    loadEditor().then(
      (module) => current && setState({ module, error: null }),
      (error: unknown) => current && setState({ module: null, error }),
    );
    return () => {
      current = false;
    };
  }, [state.module, attempt]);
  return {
    ...state,
    retry: () => {
      setState({ module: null, error: null });
      setAttempt((count) => count + 1);
    },
  };
}

const route = getRouteApi('/flows/$flowId');

export default function FlowEditorScreen() {
  const t = useT();
  const { flowId } = route.useParams();
  const queryClient = useQueryClient();
  usePrefetchQuery(flowQuery(flowId));
  usePrefetchQuery(flowListQuery);
  if (!loadedEditor) void loadEditor().catch(() => undefined); // failures are shown below
  const editor = useEditorCode();
  const flow = useQuery(flowQuery(flowId));
  useQuery(flowListQuery);
  const me = useMe();
  useEffect(() => () => queryClient.removeQueries({ queryKey: flowQuery(flowId).queryKey, exact: true }), [queryClient, flowId]);

  if (flow.isError)
    return (
      <div className="page">
        <ErrorNotice error={flow.error} onRetry={() => void flow.refetch()} />
      </div>
    );
  if (me.isError)
    return (
      <div className="page">
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  if (editor.error)
    return (
      <div className="page">
        <ErrorNotice error={editor.error} onRetry={editor.retry} />
      </div>
    );
  if (flow.isPending || !editor.module || !me.data)
    return (
      <p className="page" role="status">
        {t('common.loading')}
      </p>
    );
  const { default: FlowEditorForFlow } = editor.module;
  // Only admins change flows (the server refuses the rest): agents and viewers get the builder read-only.
  const readOnly = !(me.data.isPlatformAdmin || roleAtLeast(me.data.role, 'admin'));
  return <FlowEditorForFlow key={flowId} initial={flow.data} readOnly={readOnly} canSimulate={me.data.isPlatformAdmin || roleAtLeast(me.data.role, 'agent')} />;
}
