// CSV import: choose a file, see its first rows and map each column (name, phone, an attribute or
// ignore), label the imported contacts and record consent, then follow the import's progress and
// its per-row error report (the server runs it as a job).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

type Label = { id: string; name: string };

export function ImportWizard({ labels, onDone }: { labels: Label[]; onDone: () => void }) {
  const t = useT();
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [labelIds, setLabelIds] = useState<string[]>([]);
  const [optIn, setOptIn] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const attributes = useQuery({ queryKey: ['contacts', 'attributes'], queryFn: () => api().contacts.attributes.list.query() });
  const preview = useMutation({
    mutationFn: (csv: string) => api().contacts.import.preview.mutate({ csv }),
    onSuccess: (result) => setMapping(result.mapping),
  });
  const start = useMutation({
    mutationFn: () => api().contacts.import.start.mutate({ fileName: file!.name, csv: file!.csv, mapping, labelIds, optIn }),
    onSuccess: (started) => setImportId(started.id),
  });
  const progress = useQuery({
    queryKey: ['contacts', 'import', importId],
    queryFn: () => api().contacts.import.get.query({ id: importId! }),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'done' || query.state.data?.status === 'failed' ? false : 500),
  });
  const finished = progress.data?.status === 'done';
  useEffect(() => {
    if (finished) onDone();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the import finishes
  }, [finished]);
  const targets = ['ignore', 'name', 'phone', ...(attributes.data ?? []).map((attribute) => `attr:${attribute.key}`)];
  const targetLabel = (target: string) =>
    target === 'ignore'
      ? t('import.ignore')
      : target === 'name'
        ? t('import.field.name')
        : target === 'phone'
          ? t('import.field.phone')
          : ((attributes.data ?? []).find((attribute) => `attr:${attribute.key}` === target)?.label ?? target);

  return (
    <section className="card stack import-wizard" aria-label={t('import.title')}>
      <h2>{t('import.title')}</h2>
      <div className="field">
        <label htmlFor="import-file">{t('import.file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          onChange={async (event) => {
            const chosen = event.target.files?.[0];
            if (!chosen) return;
            const csv = await chosen.text();
            setFile({ name: chosen.name, csv });
            setImportId(null);
            preview.mutate(csv);
          }}
        />
      </div>
      {preview.isError && <ErrorNotice error={preview.error} />}
      {preview.data && !importId && (
        <>
          <p className="muted">{t('import.rows', { count: preview.data.totalRows })}</p>
          <table className="contacts-table">
            <thead>
              <tr>
                <th>{t('import.column')}</th>
                <th>{t('import.mapsTo')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.headers.map((header, index) => (
                <tr key={header}>
                  <td>
                    <strong>{header}</strong> <span className="muted small">{preview.data.sample[0]?.[index] ?? ''}</span>
                  </td>
                  <td>
                    <select
                      aria-label={header}
                      value={mapping[header] ?? 'ignore'}
                      onChange={(event) => setMapping({ ...mapping, [header]: event.target.value })}>
                      {targets.map((target) => (
                        <option key={target} value={target}>
                          {targetLabel(target)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            <input type="checkbox" checked={optIn} onChange={(event) => setOptIn(event.target.checked)} /> {t('import.optIn')}
          </label>
          {labels.length > 0 && (
            <fieldset className="row">
              <legend>{t('import.labelWith')}</legend>
              {labels.map((label) => (
                <label key={label.id} className="label-chip">
                  <input
                    type="checkbox"
                    checked={labelIds.includes(label.id)}
                    onChange={(event) => setLabelIds(event.target.checked ? [...labelIds, label.id] : labelIds.filter((id) => id !== label.id))}
                  />{' '}
                  {label.name}
                </label>
              ))}
            </fieldset>
          )}
          <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
            {t('import.start')}
          </button>
          {start.isError && <ErrorNotice error={start.error} />}
        </>
      )}
      {progress.data && (
        <div className="stack" data-testid="import-progress" data-status={progress.data.status}>
          <progress max={progress.data.totalRows} value={progress.data.processedRows} />
          <p role="status">
            {t('import.progress', {
              processed: progress.data.processedRows,
              total: progress.data.totalRows,
              created: progress.data.created,
              updated: progress.data.updated,
              failed: progress.data.failed,
            })}
          </p>
          {finished && <p>{t('import.done')}</p>}
          {progress.data.errors.length > 0 && (
            <details open>
              <summary>{t('import.errors')}</summary>
              <ul className="plain-list">
                {progress.data.errors.map((error) => (
                  <li key={error.row}>{t('import.errorRow', { row: error.row, reason: error.reason })}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
