// The client's flows: name, trigger, active, published version, last edit; create, import,
// rename, duplicate, export, delete (confirmed), activate and deactivate.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { errorMessage } from '#renderer/api/errorMessage';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { OpenTestPhoneLink } from '../testPhone';
import { ConfirmDialog } from './dialogs/ConfirmDialog';
import { NameDialog } from './dialogs/NameDialog';
import { downloadFile, fileNameOf } from './downloadFile';
import { flowsApi, type FlowSummary } from './flowsApi';
import './flowEditor.css';

type Dialog = { kind: 'create' } | { kind: 'rename'; flow: FlowSummary } | { kind: 'delete'; flow: FlowSummary } | null;

export default function FlowsScreen() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => flowsApi().list.query() });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['flows', 'list'] });

  const action = useMutation({
    mutationFn: async (work: () => Promise<string | void>) => work(),
    onSuccess: (text) => {
      setNotice(text ? { kind: 'ok', text } : null);
      setDialog(null);
      void refresh();
    },
    onError: (error) => setNotice({ kind: 'error', text: errorMessage(error) }),
  });

  const importFile = async (file: File) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch (error) {
      setNotice({ kind: 'error', text: t('flows.import.invalidJson', { message: errorMessage(error) }) });
      return;
    }
    try {
      const flow = await flowsApi().import.mutate({ file: parsed });
      void refresh();
      setNotice({ kind: 'ok', text: t('flows.import.done', { name: flow.name }) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('flows.import.failed', { message: errorMessage(error) }) });
    }
  };

  const exportFlow = (flow: FlowSummary) =>
    action.mutate(async () => {
      const file = await flowsApi().export.query({ id: flow.id, source: 'draft' });
      downloadFile(`${fileNameOf(flow.name)}.flow.json`, JSON.stringify(file, null, 2));
    });

  return (
    <div className="page flows-page">
      <div className="row flows-header">
        <h1>{t('flows.title')}</h1>
        <span className="grow" />
        <OpenTestPhoneLink />
        <button type="button" className="button-secondary" onClick={() => fileInput.current?.click()} data-testid="import-flow">
          {t('flows.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="new-flow">
          {t('flows.new')}
        </button>
      </div>
      {notice && (
        <div
          className={`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="flows-notice">
          {notice.text}
        </div>
      )}
      {flows.isPending && <p role="status">{t('common.loading')}</p>}
      {flows.isError && <ErrorNotice error={flows.error} onRetry={() => void flows.refetch()} />}
      {flows.data?.length === 0 && <p className="muted">{t('flows.empty')}</p>}
      {flows.data && flows.data.length > 0 && (
        <table className="flows-table" data-testid="flows-table">
          <thead>
            <tr>
              <th scope="col">{t('flows.column.name')}</th>
              <th scope="col">{t('flows.column.trigger')}</th>
              <th scope="col">{t('flows.column.active')}</th>
              <th scope="col">{t('flows.column.published')}</th>
              <th scope="col">{t('flows.column.edited')}</th>
              <th scope="col">{t('flows.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {flows.data.map((flow) => (
              <tr key={flow.id} data-testid="flow-row" data-flow-name={flow.name}>
                <th scope="row">
                  <Link to="/flows/$flowId" params={{ flowId: flow.id }}>
                    {flow.name}
                  </Link>
                </th>
                <td>
                  {t(`flows.trigger.${flow.triggerType}`)}
                  {flow.triggerType === 'keyword' && (
                    <span className="muted small"> · {flow.triggerKeywords.length ? flow.triggerKeywords.join(', ') : t('flows.trigger.noKeywords')}</span>
                  )}
                  {flow.triggerType === 'qr_code' && flow.triggerQrCode && <span className="muted small"> · {flow.triggerQrCode}</span>}
                </td>
                <td>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={flow.isActive}
                      data-testid="flow-active"
                      onChange={(event) => {
                        const activate = event.target.checked;
                        action.mutate(async () => {
                          // Read before React puts the controlled box back: the server's answer decides.
                          const result = activate ? await flowsApi().activate.mutate({ id: flow.id }) : await flowsApi().deactivate.mutate({ id: flow.id });
                          if (result.warnings.length) return t('flows.warnings', { message: result.warnings.join('; ') });
                        });
                      }}
                    />
                    {flow.isActive ? t('flows.active.on') : t('flows.active.off')}
                  </label>
                </td>
                <td>
                  {flow.publishedVersion ? (
                    t('flows.published.version', { version: flow.publishedVersion })
                  ) : (
                    <span className="muted">{t('flows.published.never')}</span>
                  )}
                </td>
                <td>{formatDateTime(flow.updatedAt, language)}</td>
                <td className="row-actions">
                  <button type="button" className="button-link" onClick={() => void navigate({ to: '/flows/$flowId', params: { flowId: flow.id } })}>
                    {t('flows.open')}
                  </button>
                  <button type="button" className="button-link" onClick={() => setDialog({ kind: 'rename', flow })}>
                    {t('flows.rename')}
                  </button>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() =>
                      action.mutate(async () => {
                        await flowsApi().duplicate.mutate({ id: flow.id, name: t('flows.copyName', { name: flow.name }).slice(0, 200) });
                      })
                    }>
                    {t('flows.duplicate')}
                  </button>
                  <button type="button" className="button-link" onClick={() => exportFlow(flow)} data-testid="flow-export">
                    {t('flows.export')}
                  </button>
                  <button type="button" className="button-link danger" onClick={() => setDialog({ kind: 'delete', flow })}>
                    {t('flows.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && (
        <NameDialog
          title={t('flows.create.title')}
          initial=""
          submitLabel={t('flows.create.submit')}
          error={null}
          onCancel={() => setDialog(null)}
          onSubmit={(name) =>
            action.mutate(async () => {
              const flow = await flowsApi().create.mutate({ name });
              void navigate({ to: '/flows/$flowId', params: { flowId: flow.id } });
            })
          }
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={t('flows.rename.title')}
          initial={dialog.flow.name}
          submitLabel={t('common.save')}
          error={null}
          onCancel={() => setDialog(null)}
          onSubmit={(name) =>
            action.mutate(async () => {
              await flowsApi().rename.mutate({ id: dialog.flow.id, name });
            })
          }
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('flows.delete.title')}
          message={t('flows.delete.confirm', { name: dialog.flow.name })}
          confirmLabel={t('flows.delete')}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            action.mutate(async () => {
              await flowsApi().delete.mutate({ id: dialog.flow.id });
            })
          }
        />
      )}
    </div>
  );
}
