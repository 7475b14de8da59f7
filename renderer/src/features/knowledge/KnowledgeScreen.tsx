// The knowledge base screen: upload files (progress, cancel), the list of sources (delete), the
// "try a question" panel (chunks and scores) and the settings. Administrators change; everyone
// with access reads; agents and up try questions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useMe } from '../auth/useMe';
import { JobList } from './JobList';
import { KnowledgeSettingsPanel } from './KnowledgeSettingsPanel';
import { fileToBase64, knowledgeKeys, type JobView } from './knowledgeApi';
import { SourceList } from './SourceList';
import { TryQuestionPanel } from './TryQuestionPanel';
import { useJobProgress } from './useJobProgress';
import './knowledge.css';
import { roleAtLeast } from '#shared/domain/roles.js';

export default function KnowledgeScreen() {
  const t = useT();
  const me = useMe().data;
  const canManage = me?.isPlatformAdmin === true || roleAtLeast(me?.role, 'admin');
  const canAsk = me?.isPlatformAdmin === true || roleAtLeast(me?.role, 'agent');
  const queryClient = useQueryClient();
  const sources = useQuery({ queryKey: knowledgeKeys.sources, queryFn: () => api().knowledgeBase.sources.query() });
  const settings = useQuery({ queryKey: knowledgeKeys.settings, queryFn: () => api().knowledgeBase.settings.query() });
  const recent = useQuery({ queryKey: knowledgeKeys.jobs, queryFn: () => api().knowledgeBase.jobs.query() });
  const [started, setStarted] = useState<JobView[]>([]);
  const [tags, setTags] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const known = new Map<string, JobView>();
  for (const job of [...(recent.data ?? []), ...started]) known.set(job.id, job);
  const jobs = useJobProgress([...known.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 10));

  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const tagList = tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      for (const file of files) {
        const result = await api().knowledgeBase.upload.mutate({
          fileName: file.name,
          contentBase64: await fileToBase64(file),
          ...(tagList.length ? { tags: tagList } : {}),
        });
        setStarted((previous) => [result.job, ...previous]);
      }
    },
    onSettled: () => {
      if (input.current) input.current.value = '';
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.sources });
    },
  });

  return (
    <div className="page stack knowledge">
      <h1>{t('knowledge.title')}</h1>
      <p className="muted">{t('knowledge.intro')}</p>
      {canManage && (
        <section className="card stack" aria-labelledby="knowledge-upload-title">
          <h2 id="knowledge-upload-title">{t('knowledge.upload')}</h2>
          <div className="row">
            <label className="stack">
              <span>{t('knowledge.upload.choose')}</span>
              <input
                ref={input}
                type="file"
                multiple
                data-testid="knowledge-file"
                accept=".pdf,.docx,.html,.htm,.csv,.tsv,.md,.markdown,.txt,text/plain,text/markdown,text/csv,text/html,application/pdf"
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  if (files.length) upload.mutate(files);
                }}
                disabled={upload.isPending}
              />
            </label>
            <label className="stack grow">
              <span>{t('knowledge.upload.tags')}</span>
              <input value={tags} onChange={(event) => setTags(event.target.value)} maxLength={500} />
            </label>
          </div>
          {upload.error && <ErrorNotice error={upload.error} />}
        </section>
      )}
      <JobList jobs={jobs} canManage={canManage} />
      <section className="card stack" aria-labelledby="knowledge-sources-title">
        <h2 id="knowledge-sources-title">{t('knowledge.sources')}</h2>
        {sources.error && <ErrorNotice error={sources.error} onRetry={() => void sources.refetch()} />}
        {sources.data && <SourceList sources={sources.data} canManage={canManage} />}
      </section>
      <div className="knowledge-columns">
        {canAsk && <TryQuestionPanel />}
        {canManage && settings.data && <KnowledgeSettingsPanel settings={settings.data} onJob={(job) => setStarted((previous) => [job, ...previous])} />}
      </div>
    </div>
  );
}
