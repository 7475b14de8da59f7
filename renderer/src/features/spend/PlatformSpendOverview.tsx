// The platform administrator's view: every client's budget and spend over the period, most
// expensive first, each opening that client's dashboard.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { formatCount, formatMoney } from './formatSpend';
import { PeriodPicker, type Period } from './PeriodPicker';

export function PlatformSpendOverview() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const [period, setPeriod] = useState<Period>({ preset: 'last30' });
  const clients = useQuery({ queryKey: ['spend', 'clients', period], queryFn: () => api().spend.clients.query({ period }) });
  return (
    <section className="card stack" aria-labelledby="platform-spend-title">
      <h2 id="platform-spend-title">{t('spend.platform.title')}</h2>
      <PeriodPicker value={period} onChange={setPeriod} presets={['today', 'last7', 'last30', 'thisMonth', 'lastMonth']} />
      {clients.isError && <ErrorNotice error={clients.error} onRetry={() => void clients.refetch()} />}
      {clients.isPending && <p>{t('common.loading')}</p>}
      {clients.data && (
        <table className="data-table" data-testid="clients-spend">
          <thead>
            <tr>
              <th>{t('spend.platform.client')}</th>
              <th>{t('spend.platform.plan')}</th>
              <th>{t('spend.platform.budget')}</th>
              <th>{t('spend.platform.window')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {clients.data.data.map((row) => (
              <tr key={row.clientId} data-client-id={row.clientId}>
                <td>
                  {row.name} <span className="muted small">{row.slug}</span>
                </td>
                <td>{row.plan}</td>
                <td>
                  {row.budget ? (
                    <span className={row.budget.percentage >= 80 ? 'strong-warn' : undefined}>
                      {row.budget.percentage}%
                      {row.budget.brlLimit !== null &&
                        ` · ${formatMoney(row.budget.currentBrl, 'BRL', language)} / ${formatMoney(row.budget.brlLimit, 'BRL', language)}`}
                      {row.budget.tokenLimit !== null &&
                        ` · ${t('spend.platform.budgetTokens', { used: formatCount(row.budget.currentTokens, language), limit: formatCount(row.budget.tokenLimit, language) })}`}
                      {row.budget.isPaused && <strong className="status-pill transferido"> {t('spend.platform.paused')}</strong>}
                    </span>
                  ) : (
                    <span className="muted">{t('spend.platform.noBudget')}</span>
                  )}
                </td>
                <td data-value={row.window.costBrl}>
                  {formatMoney(row.window.costBrl, 'BRL', language)}{' '}
                  <span className="muted small">{t('spend.calls', { count: formatCount(row.window.calls, language) })}</span>
                </td>
                <td>
                  <Link to="/spend/{-$clientId}" params={{ clientId: row.clientId }}>
                    {t('spend.platform.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
