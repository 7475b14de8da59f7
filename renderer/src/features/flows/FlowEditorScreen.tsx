// The /flows/:flowId route: loads the flow and the editor's code at the same time. The editor
// (xyflow, d3, the flow schemas: several hundred kB) is its own chunk, requested as soon as this
// small one runs, so the server's answer and the editor's download and start-up overlap instead
// of following each other.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import type { RouteParams } from '../../app/routes';
import { useT } from '../../i18n/useI18n';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { flowsApi } from './flowsApi';

const editorCode = import('./FlowEditor');
editorCode.catch(() => undefined); // a failed download is reported where the editor is shown
const FlowEditorForFlow = lazy(() => editorCode);

export default function FlowEditorScreen({ params }: { params: RouteParams }) {
  const t = useT();
  const flowId = params.flowId!;
  const flow = useQuery({ queryKey: ['flows', 'get', flowId], queryFn: () => flowsApi().get.query({ id: flowId }), staleTime: Infinity, gcTime: 0 });
  // The other flows (jump targets): asked for now too, the editor reads them from the cache.
  useQuery({ queryKey: ['flows', 'list'], queryFn: () => flowsApi().list.query() });
  const loading = <p className="page" role="status">{t('common.loading')}</p>;
  if (flow.isPending) return loading;
  if (flow.isError) return <div className="page"><ErrorNotice error={flow.error} onRetry={() => void flow.refetch()} /></div>;
  return <Suspense fallback={loading}><FlowEditorForFlow key={flowId} initial={flow.data} /></Suspense>;
}
