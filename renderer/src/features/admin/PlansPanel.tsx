// Plan budgets (platform administrators): each plan's limit in BRL and/or tokens, period, what the
// limit does (pause or only alert) and whether a pause stays until an administrator lifts it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { BUDGET_ON_LIMIT, BUDGET_PERIODS, BUDGET_TYPES, type BudgetOnLimit, type BudgetPeriod, type BudgetType } from '#shared/domain/statuses.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

type Draft = {
  planName: string;
  budgetType: BudgetType;
  budgetPeriod: BudgetPeriod;
  tokenLimit: string;
  brlLimit: string;
  pauseAtLimit: boolean;
  onLimit: BudgetOnLimit;
};
const EMPTY: Draft = { planName: '', budgetType: 'brl', budgetPeriod: 'monthly', tokenLimit: '', brlLimit: '', pauseAtLimit: false, onLimit: 'pause' };

export function PlansPanel() {
  const t = useT();
  const queryClient = useQueryClient();
  const plans = useQuery({ queryKey: ['budgets', 'plans'], queryFn: () => api().budgets.plans.list.query() });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const save = useMutation({
    mutationFn: () =>
      api().budgets.plans.upsert.mutate({
        planName: draft.planName,
        budgetType: draft.budgetType,
        budgetPeriod: draft.budgetPeriod,
        pauseAtLimit: draft.pauseAtLimit,
        onLimit: draft.onLimit,
        tokenLimit: draft.tokenLimit ? Number(draft.tokenLimit) : null,
        brlLimit: draft.brlLimit || null,
      }),
    onSuccess: async () => {
      setDraft(EMPTY);
      await queryClient.invalidateQueries({ queryKey: ['budgets'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="plans-title">
      <h2 id="plans-title">{t('platform.tab.plans')}</h2>
      {plans.isError && <ErrorNotice error={plans.error} />}
      <table className="data-table" data-testid="plans">
        <thead>
          <tr>
            <th>{t('platform.plans.name')}</th>
            <th>{t('platform.plans.type')}</th>
            <th>{t('platform.plans.period')}</th>
            <th>{t('platform.plans.brlLimit')}</th>
            <th>{t('platform.plans.tokenLimit')}</th>
            <th>{t('budgetSettings.onLimit')}</th>
            <th>{t('platform.plans.pause')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plans.data?.map((plan) => (
            <tr key={plan.id}>
              <td>{plan.planName}</td>
              <td>{plan.budgetType}</td>
              <td>{plan.budgetPeriod}</td>
              <td>{plan.brlLimit ?? '—'}</td>
              <td>{plan.tokenLimit ?? '—'}</td>
              <td>{t(`budgetSettings.onLimit.${plan.onLimit}`)}</td>
              <td>{plan.pauseAtLimit ? '✓' : ''}</td>
              <td>
                <button
                  type="button"
                  className="button-link"
                  onClick={() =>
                    setDraft({
                      planName: plan.planName,
                      budgetType: plan.budgetType,
                      budgetPeriod: plan.budgetPeriod,
                      tokenLimit: plan.tokenLimit?.toString() ?? '',
                      brlLimit: plan.brlLimit ?? '',
                      pauseAtLimit: plan.pauseAtLimit,
                      onLimit: plan.onLimit,
                    })
                  }>
                  {t('common.save')}…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="row" onSubmit={submit}>
        <Field label={t('platform.plans.name')} required value={draft.planName} onChange={(event) => setDraft({ ...draft, planName: event.target.value })} />
        <div className="field">
          <label htmlFor="plan-type">{t('platform.plans.type')}</label>
          <select id="plan-type" value={draft.budgetType} onChange={(event) => setDraft({ ...draft, budgetType: event.target.value as BudgetType })}>
            {BUDGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="plan-period">{t('platform.plans.period')}</label>
          <select id="plan-period" value={draft.budgetPeriod} onChange={(event) => setDraft({ ...draft, budgetPeriod: event.target.value as BudgetPeriod })}>
            {BUDGET_PERIODS.map((period) => (
              <option key={period} value={period}>
                {period}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('platform.plans.brlLimit')}
          inputMode="decimal"
          value={draft.brlLimit}
          onChange={(event) => setDraft({ ...draft, brlLimit: event.target.value })}
        />
        <Field
          label={t('platform.plans.tokenLimit')}
          inputMode="numeric"
          value={draft.tokenLimit}
          onChange={(event) => setDraft({ ...draft, tokenLimit: event.target.value })}
        />
        <div className="field">
          <label htmlFor="plan-on-limit">{t('budgetSettings.onLimit')}</label>
          <select id="plan-on-limit" value={draft.onLimit} onChange={(event) => setDraft({ ...draft, onLimit: event.target.value as BudgetOnLimit })}>
            {BUDGET_ON_LIMIT.map((value) => (
              <option key={value} value={value}>
                {t(`budgetSettings.onLimit.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.pauseAtLimit} onChange={(event) => setDraft({ ...draft, pauseAtLimit: event.target.checked })} />{' '}
          {t('platform.plans.pause')}
        </label>
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('platform.plans.save')}
        </button>
      </form>
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  );
}
