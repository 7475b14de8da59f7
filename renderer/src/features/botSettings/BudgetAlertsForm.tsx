// The client's budget as its administrators see it (the limits are the platform's: its plan or its
// own), lifting a pause, and where alerts go: e-mail, a signed webhook, in the app.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertDestinationsSchema } from '#shared/budgets/budgetSettings.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../admin/useAdminClient';
import { SaveRow } from './SaveRow';
import { useSettingsDraft } from './useSettingsDraft';

type Budget = RouterOutputs['budgets']['get'];
type Draft = { notificationEmail: string; notificationWebhookUrl: string; alertInApp: boolean };

export function BudgetAlertsForm() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const budgetKey = ['budgets', 'get', clientId];
  const budget = useQuery({ queryKey: budgetKey, queryFn: () => api().budgets.get.query(input) });
  const settings = useQuery({ queryKey: ['clients', 'settings', clientId], queryFn: () => api().clients.settings.query(input) });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['budgets'] }).then(() => queryClient.invalidateQueries({ queryKey: ['clients', 'settings'] }));
  const { draft, change, errors, saved, submit, save } = useSettingsDraft({
    ready: budget.isSuccess && settings.isSuccess,
    source: settings.data,
    toDraft: (source): Draft => ({
      notificationEmail: source?.notificationEmail ?? '',
      notificationWebhookUrl: source?.notificationWebhookUrl ?? '',
      alertInApp: budget.data?.alertInApp ?? true,
    }),
    parse: (current: Draft) =>
      alertDestinationsSchema.safeParse({
        notificationEmail: current.notificationEmail.trim() || null,
        notificationWebhookUrl: current.notificationWebhookUrl.trim() || null,
        ...(budget.data ? { alertInApp: current.alertInApp } : {}),
      }),
    save: (changes) => api().budgets.setNotifications.mutate({ ...input, ...changes }),
    onSaved: refresh,
  });
  const resume = useMutation({ mutationFn: () => api().budgets.resume.mutate(input), onSuccess: refresh });
  if (budget.isPending || settings.isPending) return <p>{t('common.loading')}</p>;
  if (budget.isError) return <ErrorNotice error={budget.error} onRetry={() => void budget.refetch()} />;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!draft) return null;

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="budget-summary-title">
        <h2 id="budget-summary-title">{t('budgetSettings.title')}</h2>
        <BudgetSummary budget={budget.data} />
        {budget.data?.isPaused && (
          <div className="row">
            <span role="status">{t('budgetSettings.paused')}</span>
            <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending}>
              {t('budgetSettings.resume')}
            </button>
          </div>
        )}
        {resume.isError && <ErrorNotice error={resume.error} />}
      </section>
      <form className="card stack" onSubmit={submit} aria-label={t('budgetSettings.alerts')} noValidate>
        <h2>{t('budgetSettings.alerts')}</h2>
        <div className="row">
          <Field
            label={t('budgetSettings.alertEmail')}
            type="email"
            value={draft.notificationEmail}
            error={errors.notificationEmail}
            onChange={(event) => change({ notificationEmail: event.target.value })}
          />
          <Field
            label={t('budgetSettings.alertWebhook')}
            type="url"
            value={draft.notificationWebhookUrl}
            error={errors.notificationWebhookUrl}
            onChange={(event) => change({ notificationWebhookUrl: event.target.value })}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.alertInApp} disabled={!budget.data} onChange={(event) => change({ alertInApp: event.target.checked })} />
          <span>{t('budgetSettings.alertInApp')}</span>
        </label>
        {!budget.data && <p className="muted small">{t('budgetSettings.inAppNeedsBudget')}</p>}
        <SaveRow save={save} saved={saved} />
      </form>
    </div>
  );
}

function BudgetSummary({ budget }: { budget: Budget }) {
  const t = useT();
  if (!budget) return <p>{t('budgetSettings.none')}</p>;
  return (
    <div className="stack">
      <p>
        {t('budgetSettings.summary', {
          mode: t(`budgetSettings.mode.${budget.type}`),
          period: t(`budgetSettings.period.${budget.period}`),
          usage: budget.usagePercentage,
        })}
      </p>
      <p className="muted">{budget.inheritsFromPlan ? t('budgetSettings.inherits', { plan: budget.plan ?? '—' }) : t('budgetSettings.own')}</p>
      <dl className="budget-limits">
        {budget.tokenLimit !== null && (
          <>
            <dt>{t('budgetSettings.tokenLimit')}</dt>
            <dd>{budget.tokenLimit}</dd>
          </>
        )}
        {budget.brlLimit !== null && (
          <>
            <dt>{t('budgetSettings.brlLimit')}</dt>
            <dd>{budget.brlLimit}</dd>
          </>
        )}
        <dt>{t('budgetSettings.onLimit')}</dt>
        <dd>{t(`budgetSettings.onLimit.${budget.onLimit}`)}</dd>
      </dl>
    </div>
  );
}
