// The platform administrator's override of one client's budget: its plan's, or its own mode
// (tokens / BRL / both), limits, period, alert thresholds and what the limit does (pause or only
// alert). Checked with the schema the server enforces (shared/budgets).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { clientBudgetSchema } from '#shared/budgets/budgetSettings.js';
import type { BudgetOnLimit, BudgetPeriod, BudgetType } from '#shared/domain/statuses.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { numberOrNull } from './fieldErrors';
import { SaveRow } from './SaveRow';
import { useSettingsDraft } from './useSettingsDraft';

type Budget = RouterOutputs['budgets']['get'];
type Draft = {
  inheritsFromPlan: boolean;
  budgetType: BudgetType;
  budgetPeriod: BudgetPeriod;
  tokenLimit: string;
  brlLimit: string;
  alertThreshold80: boolean;
  alertThreshold90: boolean;
  alertThreshold100: boolean;
  onLimit: BudgetOnLimit;
  pauseAtLimit: boolean;
};

/** "150.0000000000" → "150", "0.0000010000" → "0.000001" (exact: no float on the way). */
const trimDecimal = (value: string) => (value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value);

const draftOf = (budget: Budget): Draft => ({
  inheritsFromPlan: budget?.inheritsFromPlan ?? false,
  budgetType: budget?.type ?? 'brl',
  budgetPeriod: budget?.period ?? 'monthly',
  tokenLimit: budget?.tokenLimit == null ? '' : String(budget.tokenLimit),
  brlLimit: budget?.brlLimit == null ? '' : trimDecimal(budget.brlLimit),
  alertThreshold80: budget ? budget.thresholds.includes(80) : true,
  alertThreshold90: budget ? budget.thresholds.includes(90) : true,
  alertThreshold100: budget ? budget.thresholds.includes(100) : true,
  onLimit: budget?.onLimit ?? 'pause',
  pauseAtLimit: budget?.pauseAtLimit ?? false,
});

export function ClientBudgetForm({ clientId }: { clientId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const key = ['budgets', 'get', clientId];
  const budget = useQuery({ queryKey: key, queryFn: () => api().budgets.get.query({ clientId }) });
  const { draft, change, errors, saved, submit, save } = useSettingsDraft({
    ready: budget.isSuccess,
    source: budget.data,
    toDraft: (source) => draftOf(source!),
    parse: (current: Draft) => {
      const counts = (what: 'tokens' | 'brl') => current.budgetType === what || current.budgetType === 'both';
      return clientBudgetSchema.safeParse({
        ...current,
        tokenLimit: counts('tokens') ? numberOrNull(current.tokenLimit) : null,
        brlLimit: counts('brl') ? current.brlLimit.trim().replace(',', '.') || null : null,
      });
    },
    explainErrors: (found) => ({
      ...found,
      ...(found.brlLimit ? { brlLimit: t('settingsForms.error.money') } : {}),
      ...(found.limits ? { limits: t('settingsForms.error.limits') } : {}),
    }),
    save: (values) => api().budgets.setClientBudget.mutate({ clientId, ...values }),
    onSaved: () => queryClient.invalidateQueries({ queryKey: ['budgets'] }),
  });
  if (budget.isPending) return <p>{t('common.loading')}</p>;
  if (budget.isError) return <ErrorNotice error={budget.error} onRetry={() => void budget.refetch()} />;
  if (!draft) return null;

  const own = !draft.inheritsFromPlan;
  const check = (name: 'alertThreshold80' | 'alertThreshold90' | 'alertThreshold100', label: string) => (
    <label className="checkbox">
      <input type="checkbox" checked={draft[name]} disabled={!own} onChange={(event) => change({ [name]: event.target.checked })} />
      <span>{label}</span>
    </label>
  );
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('budgetSettings.override')} noValidate>
      <h2>{t('budgetSettings.override')}</h2>
      {errors.limits && (
        <p className="field-error" role="alert">
          {errors.limits}
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={draft.inheritsFromPlan} onChange={(event) => change({ inheritsFromPlan: event.target.checked })} />
        <span>{t('budgetSettings.inheritsFromPlan')}</span>
      </label>
      <fieldset className="stack" disabled={!own}>
        <div className="row">
          <div className="field">
            <label htmlFor="budget-mode">{t('budgetSettings.mode')}</label>
            <select id="budget-mode" value={draft.budgetType} onChange={(event) => change({ budgetType: event.target.value as BudgetType })}>
              <option value="tokens">{t('budgetSettings.mode.tokens')}</option>
              <option value="brl">{t('budgetSettings.mode.brl')}</option>
              <option value="both">{t('budgetSettings.mode.both')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="budget-period">{t('budgetSettings.period')}</label>
            <select id="budget-period" value={draft.budgetPeriod} onChange={(event) => change({ budgetPeriod: event.target.value as BudgetPeriod })}>
              <option value="daily">{t('budgetSettings.period.daily')}</option>
              <option value="weekly">{t('budgetSettings.period.weekly')}</option>
              <option value="monthly">{t('budgetSettings.period.monthly')}</option>
            </select>
          </div>
          {draft.budgetType !== 'brl' && (
            <Field
              label={t('budgetSettings.tokenLimit')}
              inputMode="numeric"
              value={draft.tokenLimit}
              error={errors.tokenLimit}
              onChange={(event) => change({ tokenLimit: event.target.value })}
            />
          )}
          {draft.budgetType !== 'tokens' && (
            <Field
              label={t('budgetSettings.brlLimit')}
              inputMode="decimal"
              value={draft.brlLimit}
              error={errors.brlLimit}
              onChange={(event) => change({ brlLimit: event.target.value })}
            />
          )}
        </div>
        <fieldset className="row">
          <legend>{t('budgetSettings.thresholds')}</legend>
          {check('alertThreshold80', '80%')}
          {check('alertThreshold90', '90%')}
          {check('alertThreshold100', '100%')}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('budgetSettings.onLimit')}</legend>
          {(['pause', 'alert'] as const).map((value) => (
            <label className="checkbox" key={value}>
              <input type="radio" name="budget-on-limit" value={value} checked={draft.onLimit === value} onChange={() => change({ onLimit: value })} />
              <span>{t(`budgetSettings.onLimit.${value}`)}</span>
            </label>
          ))}
          {draft.onLimit === 'pause' && (
            <label className="checkbox">
              <input type="checkbox" checked={draft.pauseAtLimit} onChange={(event) => change({ pauseAtLimit: event.target.checked })} />
              <span>{t('budgetSettings.pauseAtLimit')}</span>
            </label>
          )}
        </fieldset>
      </fieldset>
      <SaveRow save={save} saved={saved} />
    </form>
  );
}
