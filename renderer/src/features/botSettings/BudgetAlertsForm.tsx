// The client's budget as its administrators see it (the limits are the platform's: its plan or its
// own), lifting a pause, and where alerts go: e-mail, a signed webhook, in the app.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { alertDestinationsSchema } from '#shared/budgets/budgetSettings.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../admin/useAdminClient';
import { fieldErrors, type FieldErrors } from './fieldErrors';

type Budget = RouterOutputs['budgets']['get'];
type Draft = { notificationEmail: string; notificationWebhookUrl: string; alertInApp: boolean };

export function BudgetAlertsForm() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const budgetKey = ['budgets', 'get', clientId];
  const budget = useQuery({ queryKey: budgetKey, queryFn: () => api().budgets.get.query(input) });
  const settings = useQuery({ queryKey: ['clients', 'settings', clientId], queryFn: () => api().clients.settings.query(input) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loaded, setLoaded] = useState<unknown>(undefined);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  if (budget.isSuccess && settings.data && loaded !== settings.data) {
    setLoaded(settings.data);
    setDraft({
      notificationEmail: settings.data.notificationEmail ?? '',
      notificationWebhookUrl: settings.data.notificationWebhookUrl ?? '',
      alertInApp: budget.data?.alertInApp ?? true,
    });
  }
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['budgets'] }).then(() => queryClient.invalidateQueries({ queryKey: ['clients', 'settings'] }));
  const save = useMutation({
    mutationFn: (changes: Record<string, unknown>) => api().budgets.setNotifications.mutate({ ...input, ...changes }),
    onSuccess: async () => {
      setSaved(true);
      await refresh();
    },
  });
  const resume = useMutation({ mutationFn: () => api().budgets.resume.mutate(input), onSuccess: refresh });
  if (budget.isPending || settings.isPending) return <p>{t('common.loading')}</p>;
  if (budget.isError) return <ErrorNotice error={budget.error} onRetry={() => void budget.refetch()} />;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!draft) return null;

  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = {
      notificationEmail: draft.notificationEmail.trim() || null,
      notificationWebhookUrl: draft.notificationWebhookUrl.trim() || null,
      ...(budget.data ? { alertInApp: draft.alertInApp } : {}),
    };
    const parsed = alertDestinationsSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };
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
        <div className="row">
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {saved && <span role="status">{t('admin.saved')}</span>}
        </div>
        {save.isError && <ErrorNotice error={save.error} />}
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
