// Published versions of the flow: compare one with the draft, restore one as the draft (a normal
// draft save, undoable in the editor).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { flowsApi, type FlowsOutputs, type FlowVersion } from './flowsApi';

export function VersionsPanel({ flowId, refreshKey, onRestore }: { flowId: string; refreshKey: number; onRestore?: (version: FlowVersion) => Promise<void> }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const versions = useQuery({ queryKey: ['flows', 'versions', flowId, refreshKey], queryFn: () => flowsApi().versions.query({ id: flowId }) });
  const [diff, setDiff] = useState<{ id: string; diff: FlowsOutputs['compare'] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (id: string, work: () => Promise<void>) => {
    setBusy(id);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="versions" aria-labelledby="versions-title" data-testid="versions">
      <h2 id="versions-title">{t('flows.versions.title')}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {versions.isError && <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.data?.length === 0 && <p className="muted">{t('flows.versions.none')}</p>}
      <ul className="version-list">
        {versions.data?.map((version) => (
          <li key={version.id} data-testid="version" data-version={version.version}>
            <div>
              <strong>{t('flows.versions.item', { version: version.version })}</strong>
              {version.isPublished && <span className="block-chip start-chip">{t('flows.versions.published')}</span>}
              <div className="muted small">{formatDateTime(version.createdAt, language)}</div>
              {diff?.id === version.id && (
                <p className="small" data-testid="version-diff">
                  {t('flows.versions.diff', {
                    changed: diff.diff.blocksChanged.length,
                    added: diff.diff.blocksAdded.length,
                    removed: diff.diff.blocksRemoved.length,
                  })}
                </p>
              )}
            </div>
            <div className="row">
              <button
                type="button"
                className="button-link"
                disabled={busy !== null}
                onClick={() =>
                  void act(version.id, async () =>
                    setDiff({ id: version.id, diff: await flowsApi().compare.query({ id: flowId, from: version.id, to: 'draft' }) }),
                  )
                }>
                {t('flows.versions.compare')}
              </button>
              {onRestore && (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={busy !== null}
                  data-testid="version-restore"
                  onClick={() => void act(version.id, () => onRestore(version))}>
                  {t('flows.versions.restore')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
