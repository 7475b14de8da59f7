import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { knowledgeKeys, type JobView } from './knowledgeApi';

type Settings = Awaited<ReturnType<ReturnType<typeof api>['knowledgeBase']['settings']['query']>>;

export function KnowledgeSettingsPanel({ settings, onJob }: { settings: Settings; onJob: (job: JobView) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(settings);
  // New settings from the server (after a save, a refetch with news) replace the draft, adjusted
  // while rendering rather than one render later in an effect.
  const [loaded, setLoaded] = useState(settings);
  if (settings !== loaded) {
    setLoaded(settings);
    setDraft(settings);
  }
  const save = useMutation({
    mutationFn: () =>
      api().knowledgeBase.updateSettings.mutate({
        enabled: draft.enabled,
        embeddingModel: draft.embeddingModel,
        topK: draft.topK,
        minScore: draft.minScore,
      }),
    onSuccess: (result) => {
      if (result.job) onJob(result.job);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.settings });
    },
  });
  return (
    <section className="card stack" aria-labelledby="knowledge-settings-title">
      <h2 id="knowledge-settings-title">{t('knowledge.settings')}</h2>
      <label className="row">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
        <span>{t('knowledge.settings.enabled')}</span>
      </label>
      <label className="stack">
        <span>{t('knowledge.settings.model')}</span>
        <input value={draft.embeddingModel} onChange={(event) => setDraft({ ...draft, embeddingModel: event.target.value })} />
      </label>
      <div className="row">
        <label className="stack">
          <span>{t('knowledge.settings.topK')}</span>
          <input type="number" min={1} max={20} value={draft.topK} onChange={(event) => setDraft({ ...draft, topK: Number(event.target.value) })} />
        </label>
        <label className="stack">
          <span>{t('knowledge.settings.minScore')}</span>
          <input
            type="number"
            min={-1}
            max={1}
            step={0.05}
            value={draft.minScore}
            onChange={(event) => setDraft({ ...draft, minScore: Number(event.target.value) })}
          />
        </label>
      </div>
      <div className="row">
        <button type="button" className="button-primary" disabled={save.isPending} onClick={() => save.mutate()}>
          {t('knowledge.settings.save')}
        </button>
        {save.isSuccess && <span role="status">{t(save.data?.job ? 'knowledge.settings.reembedding' : 'knowledge.settings.saved')}</span>}
      </div>
      {save.error && <ErrorNotice error={save.error} />}
    </section>
  );
}
