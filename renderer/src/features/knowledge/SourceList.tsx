import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { knowledgeKeys, type SourceView } from './knowledgeApi';

export function SourceList({ sources, canManage }: { sources: SourceView[]; canManage: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (sourceId: string) => api().knowledgeBase.deleteSource.mutate({ sourceId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.sources }),
  });
  if (sources.length === 0) return <p className="muted">{t('knowledge.sources.empty')}</p>;
  return (
    <>
      <table className="knowledge-table">
        <thead>
          <tr>
            <th scope="col">{t('knowledge.sources.file')}</th>
            <th scope="col">{t('knowledge.sources.chunks')}</th>
            <th scope="col">{t('knowledge.sources.model')}</th>
            <th scope="col">{t('knowledge.sources.uploaded')}</th>
            {canManage && (
              <th scope="col">
                <span className="visually-hidden">{t('knowledge.sources.delete')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.sourceId}>
              <td>
                {source.fileName}
                {source.tags.length > 0 && <span className="muted small"> · {source.tags.join(', ')}</span>}
              </td>
              <td>{source.chunks}</td>
              {/* No model: stored as text only (the first-run sample document), embedded by the next re-embedding. */}
              <td className="small">{source.embeddingModel ? `${source.embeddingModel} (${source.embeddingDimensions})` : '—'}</td>
              <td className="small">{source.uploadedAt ? new Date(source.uploadedAt).toLocaleString() : ''}</td>
              {canManage && (
                <td>
                  <button
                    type="button"
                    className="button-danger"
                    disabled={remove.isPending}
                    aria-label={`${t('knowledge.sources.delete')} ${source.fileName}`}
                    onClick={() => {
                      if (window.confirm(t('knowledge.sources.confirmDelete', { file: source.fileName, chunks: source.chunks })))
                        remove.mutate(source.sourceId);
                    }}>
                    {t('knowledge.sources.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {remove.error && <ErrorNotice error={remove.error} />}
    </>
  );
}
