import { useMutation } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { JobView } from './knowledgeApi';

/** Uploads and re-embeddings with their progress (chunks done / total) and a cancel button. */
export function JobList({ jobs, canManage }: { jobs: JobView[]; canManage: boolean }) {
  const t = useT();
  const cancel = useMutation({ mutationFn: (jobId: string) => api().knowledgeBase.cancel.mutate({ jobId }) });
  if (jobs.length === 0) return null;
  return (
    <ul className="stack knowledge-jobs" aria-label={t('knowledge.upload')}>
      {jobs.map((job) => {
        const file = job.fileName ?? '';
        const params = { file, done: job.chunksDone, total: job.chunksTotal, message: job.message ?? '' };
        const label =
          job.state === 'running'
            ? t(job.kind === 'reembed' ? 'knowledge.job.reembed' : job.chunksTotal === 0 ? 'knowledge.job.parsing' : 'knowledge.job.running', params)
            : job.state === 'done'
              ? t(job.unchanged ? 'knowledge.job.unchanged' : 'knowledge.job.done', params)
              : t(job.state === 'failed' ? 'knowledge.job.failed' : 'knowledge.job.cancelled', params);
        return (
          <li key={job.id} className="knowledge-job" data-state={job.state}>
            <span>{label}</span>
            {job.state === 'running' && <progress max={Math.max(1, job.chunksTotal)} value={job.chunksDone} aria-label={label} />}
            {job.state === 'running' && canManage && (
              <button type="button" className="button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
                {t('knowledge.job.cancel')}
              </button>
            )}
          </li>
        );
      })}
      {cancel.error && (
        <li>
          <ErrorNotice error={cancel.error} />
        </li>
      )}
    </ul>
  );
}
