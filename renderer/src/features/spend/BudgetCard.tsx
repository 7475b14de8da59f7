// The current period's use against the budget: a bar per limit (BRL and/or tokens) with the
// 80/90/100 % marks, the next reset, the alert once a mark is crossed, and, when the limit paused
// the bot, the button that lifts the pause (the budgets feature's budgets.resume).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import type { MessageKey } from '#renderer/i18n/catalog';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { formatCount, formatMoney } from './formatSpend';

const MARKS = [80, 90, 100];

/** `timeZone`: the client's (from the dashboard's period), for the reset time; this computer's until it is known. */
export function BudgetCard({ clientId, timeZone }: { clientId?: string; timeZone?: string }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const [resumed, setResumed] = useState(false);
  const budget = useQuery({
    queryKey: ['budgets', 'get', clientId ?? null],
    queryFn: () => api().budgets.get.query(clientId ? { clientId } : undefined),
    refetchInterval: 30_000,
  });
  const resume = useMutation({
    mutationFn: () => api().budgets.resume.mutate(clientId ? { clientId } : undefined),
    onSuccess: async () => {
      setResumed(true);
      await queryClient.invalidateQueries({ queryKey: ['budgets'] });
    },
  });
  if (budget.isPending)
    return (
      <section className="card" aria-busy="true">
        <p>{t('common.loading')}</p>
      </section>
    );
  if (budget.isError)
    return (
      <section className="card">
        <ErrorNotice error={budget.error} onRetry={() => void budget.refetch()} />
      </section>
    );
  const data = budget.data;
  if (!data)
    return (
      <section className="card" data-testid="budget-card">
        <h2>{t('spend.budget.title')}</h2>
        <p className="muted">{t('spend.budget.none')}</p>
      </section>
    );

  // From the counters and the effective limits (the tightest limit counts), not a stored percentage.
  const percentage = Math.max(
    data.brlLimit !== null ? percentOf(Number(data.currentBrl), Number(data.brlLimit)) : 0,
    data.tokenLimit !== null ? percentOf(data.currentTokens, data.tokenLimit) : 0,
  );
  const shown = (Math.floor(percentage * 10) / 10).toString();
  const crossed = data.thresholds.filter((threshold) => percentage >= threshold);
  const highest = crossed.length ? Math.max(...crossed) : null;
  const bars: { key: string; text: string; percent: number }[] = [];
  if (data.brlLimit !== null) {
    bars.push({
      key: 'brl',
      percent: percentOf(Number(data.currentBrl), Number(data.brlLimit)),
      text: t('spend.budget.brl', { used: formatMoney(data.currentBrl, 'BRL', language), limit: formatMoney(data.brlLimit, 'BRL', language) }),
    });
  }
  if (data.tokenLimit !== null) {
    bars.push({
      key: 'tokens',
      percent: percentOf(data.currentTokens, data.tokenLimit),
      text: t('spend.budget.tokens', { used: formatCount(data.currentTokens, language), limit: formatCount(data.tokenLimit, language) }),
    });
  }
  return (
    <section className="card stack budget-card" data-testid="budget-card" aria-labelledby="budget-title">
      <div className="row budget-head">
        <h2 id="budget-title">{t(`spend.budget.period.${data.period}` as MessageKey)}</h2>
        <span className="grow" />
        <strong data-testid="budget-percentage" data-value={shown}>
          {t('spend.budget.percent', { percent: shown })}
        </strong>
      </div>
      {bars.map((bar) => (
        <div key={bar.key} className="budget-meter" data-testid={`budget-${bar.key}`}>
          <div className="budget-track" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(bar.percent)} aria-label={bar.text}>
            <span
              className={`budget-fill ${bar.percent >= 100 ? 'over' : bar.percent >= 80 ? 'warn' : ''}`}
              style={{ width: `${Math.min(bar.percent, 100)}%` }}
            />
            {MARKS.map((mark) => (
              <span
                key={mark}
                className={`budget-mark${data.thresholds.includes(mark) ? '' : ' off'}`}
                style={{ left: `${mark}%` }}
                title={t('spend.budget.mark', { threshold: mark })}
              />
            ))}
          </div>
          <p className="small">{bar.text}</p>
        </div>
      ))}
      <p className="muted small">
        {data.nextResetAt && t('spend.budget.nextReset', { date: formatDateTime(String(data.nextResetAt), language, timeZone) })}
        {data.pauseAtLimit && <> · {t('spend.budget.pauseAtLimit')}</>}
      </p>
      {highest !== null && !data.isPaused && (
        <p className="notice" role="alert" data-testid="budget-alert">
          {t('spend.budget.alert', { percent: shown, threshold: highest })}
        </p>
      )}
      {data.isPaused && (
        <div className="notice notice-error" role="alert" data-testid="budget-paused">
          <span>{t('spend.budget.paused')}</span>
          <button type="button" className="button-primary" disabled={resume.isPending} onClick={() => resume.mutate()}>
            {t('spend.budget.resume')}
          </button>
        </div>
      )}
      {resumed && !data.isPaused && (
        <p className="notice" role="status">
          {t('spend.budget.resumed')}
        </p>
      )}
      {resume.isError && <ErrorNotice error={resume.error} />}
    </section>
  );
}

const percentOf = (used: number, limit: number) => (limit <= 0 ? 0 : (used / limit) * 100);
