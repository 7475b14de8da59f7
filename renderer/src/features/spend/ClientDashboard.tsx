// One client's spend dashboard: budget, the period's totals, spend per day, per model and per
// provider, cache hit rate, fallbacks and the most expensive conversations. Each chart is its own
// query, so the first ones paint while the others are still on their way.
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { BudgetCard } from './BudgetCard';
import { BarChart } from './charts/BarChart';
import { HorizontalBars } from './charts/HorizontalBars';
import { formatChartDay, formatCount, formatMoney, formatPercent } from './formatSpend';
import { PeriodPicker, type Period } from './PeriodPicker';

export function ClientDashboard({ clientId }: { clientId?: string }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const [period, setPeriod] = useState<Period>({ preset: 'last30' });
  const input = { period, ...(clientId ? { clientId } : {}) };
  const key = (name: string) => ['spend', name, clientId ?? null, period] as const;
  const summary = useQuery({ queryKey: key('summary'), queryFn: () => api().spend.summary.query(input) });
  const perDay = useQuery({ queryKey: key('perDay'), queryFn: () => api().spend.perDay.query(input) });
  const byModel = useQuery({ queryKey: key('byModel'), queryFn: () => api().spend.byModel.query(input) });
  const byProvider = useQuery({ queryKey: key('byProvider'), queryFn: () => api().spend.byProvider.query(input) });
  const cache = useQuery({ queryKey: key('cache'), queryFn: () => api().spend.cache.query(input) });
  const fallbacks = useQuery({ queryKey: key('fallbacks'), queryFn: () => api().spend.fallbacks.query(input) });
  const top = useQuery({ queryKey: key('top'), queryFn: () => api().spend.topConversations.query({ ...input, limit: 10 }) });
  const brl = (value: string | number) => formatMoney(value, 'BRL', language);
  const empty = t('spend.chart.empty');
  const days = perDay.data?.data ?? [];
  const range = summary.data?.period;

  return (
    <div className="stack spend-dashboard">
      <BudgetCard clientId={clientId} timeZone={range?.timeZone} />
      <section className="card stack">
        <PeriodPicker value={period} onChange={setPeriod} />
        {range && (
          <p className="muted small" data-testid="period-range">
            {t('spend.period.range', {
              // In the client's time zone, the one named beside them and the days are cut in.
              from: formatDateTime(String(range.from), language, range.timeZone),
              to: formatDateTime(String(range.to), language, range.timeZone),
              timeZone: range.timeZone,
            })}
          </p>
        )}
        {summary.isError && <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />}
        {summary.data && (
          <dl className="tiles" data-testid="spend-tiles">
            <Tile label={t('spend.tiles.cost')} value={brl(summary.data.data.costBrl)} exact={summary.data.data.costBrl} testId="tile-cost-brl" />
            <Tile
              label={t('spend.tiles.costUsd')}
              value={formatMoney(summary.data.data.costUsd, 'USD', language)}
              exact={summary.data.data.costUsd}
              testId="tile-cost-usd"
            />
            <Tile
              label={t('spend.tiles.calls')}
              value={formatCount(summary.data.data.calls, language)}
              exact={String(summary.data.data.calls)}
              testId="tile-calls"
            />
            <Tile
              label={t('spend.tiles.tokens')}
              value={formatCount(summary.data.data.totalTokens, language)}
              exact={String(summary.data.data.totalTokens)}
              testId="tile-tokens"
            />
            <Tile
              label={t('spend.tiles.cached')}
              value={formatCount(summary.data.data.cachedCalls, language)}
              exact={String(summary.data.data.cachedCalls)}
              testId="tile-cached"
            />
            <Tile
              label={t('spend.tiles.fallbacks')}
              value={formatCount(summary.data.data.fallbackCalls, language)}
              exact={String(summary.data.data.fallbackCalls)}
              testId="tile-fallbacks"
            />
            <Tile
              label={t('spend.tiles.errors')}
              value={formatCount(summary.data.data.errorCalls, language)}
              exact={String(summary.data.data.errorCalls)}
              testId="tile-errors"
            />
          </dl>
        )}
      </section>

      <section className="card stack" aria-labelledby="per-day-title">
        <h2 id="per-day-title">{t('spend.chart.perDay')}</h2>
        {perDay.isError ? (
          <ErrorNotice error={perDay.error} />
        ) : (
          <BarChart
            title={t('spend.chart.perDay')}
            testId="chart-per-day"
            emptyText={empty}
            formatAxis={brl}
            bars={days.map((day) => ({
              key: day.date,
              label: formatChartDay(day.date, language),
              value: Number(day.costBrl),
              display: `${brl(day.costBrl)} · ${t('spend.calls', { count: day.calls })}`,
            }))}
          />
        )}
      </section>

      <div className="spend-columns">
        <section className="card stack" aria-labelledby="by-model-title">
          <h2 id="by-model-title">{t('spend.chart.byModel')}</h2>
          {byModel.isError ? (
            <ErrorNotice error={byModel.error} />
          ) : (
            <HorizontalBars
              testId="chart-by-model"
              emptyText={empty}
              items={(byModel.data?.data ?? []).map((row) => ({
                key: `${row.provider}/${row.model}`,
                label: `${row.model} (${row.provider})`,
                value: Number(row.costBrl),
                display: brl(row.costBrl),
                detail: t('spend.calls', { count: formatCount(row.calls, language) }),
              }))}
            />
          )}
        </section>
        <section className="card stack" aria-labelledby="by-provider-title">
          <h2 id="by-provider-title">{t('spend.chart.byProvider')}</h2>
          {byProvider.isError ? (
            <ErrorNotice error={byProvider.error} />
          ) : (
            <HorizontalBars
              testId="chart-by-provider"
              emptyText={empty}
              items={(byProvider.data?.data ?? []).map((row) => ({
                key: row.provider,
                label: row.provider,
                value: Number(row.costBrl),
                display: brl(row.costBrl),
                detail: t('spend.calls', { count: formatCount(row.calls, language) }),
              }))}
            />
          )}
        </section>
      </div>

      <div className="spend-columns">
        <section className="card stack" aria-labelledby="cache-title">
          <h2 id="cache-title">{t('spend.chart.cache')}</h2>
          {cache.data && (
            <p className="small" data-testid="cache-summary">
              {t('spend.chart.cacheSummary', {
                rate: formatPercent(cache.data.data.hitRate, language),
                entries: formatCount(cache.data.data.entries, language),
                tokens: formatCount(cache.data.data.tokensSaved, language),
                usd: formatMoney(cache.data.data.costSavedUsd, 'USD', language),
              })}
            </p>
          )}
          <BarChart
            title={t('spend.chart.cache')}
            testId="chart-cache"
            emptyText={empty}
            color="#1b8cd8"
            formatAxis={(value) => formatPercent(value, language)}
            bars={days.map((day) => ({
              key: day.date,
              label: formatChartDay(day.date, language),
              value: day.calls ? day.cachedCalls / day.calls : 0,
              display: formatPercent(day.calls ? day.cachedCalls / day.calls : 0, language),
            }))}
          />
        </section>
        <section className="card stack" aria-labelledby="fallbacks-title">
          <h2 id="fallbacks-title">{t('spend.chart.fallbacks')}</h2>
          {fallbacks.data && (
            <p className="small" data-testid="fallback-summary">
              {t('spend.chart.fallbackSummary', {
                count: formatCount(fallbacks.data.data.fallbackCalls, language),
                calls: formatCount(fallbacks.data.data.calls, language),
                rate: formatPercent(fallbacks.data.data.fallbackRate, language),
              })}
            </p>
          )}
          <BarChart
            title={t('spend.chart.fallbacks')}
            testId="chart-fallbacks"
            emptyText={empty}
            color="#c77700"
            formatAxis={(value) => formatCount(Math.round(value), language)}
            bars={days.map((day) => ({
              key: day.date,
              label: formatChartDay(day.date, language),
              value: day.fallbackCalls,
              display: formatCount(day.fallbackCalls, language),
            }))}
          />
          {fallbacks.data && fallbacks.data.data.byModel.length > 0 && (
            <HorizontalBars
              emptyText={empty}
              items={fallbacks.data.data.byModel.map((row) => ({
                key: `${row.provider}/${row.model}`,
                label: `${row.model} (${row.provider})`,
                value: row.fallbackCalls,
                display: formatCount(row.fallbackCalls, language),
              }))}
            />
          )}
        </section>
      </div>

      <section className="card stack" aria-labelledby="top-title">
        <h2 id="top-title">{t('spend.top.title')}</h2>
        {top.isError && <ErrorNotice error={top.error} />}
        {top.data &&
          (top.data.data.length === 0 ? (
            <p className="muted">{empty}</p>
          ) : (
            <table className="data-table" data-testid="top-conversations">
              <thead>
                <tr>
                  <th>{t('spend.top.conversation')}</th>
                  <th>{t('spend.top.calls')}</th>
                  <th>{t('spend.top.tokens')}</th>
                  <th>{t('spend.top.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {top.data.data.map((row) => (
                  <tr key={row.conversationId} data-conversation-id={row.conversationId}>
                    <td>
                      <Link to="/inbox/{-$conversationId}" params={{ conversationId: row.conversationId }}>
                        {row.name ?? row.phone}
                      </Link>{' '}
                      <span className="muted small">{row.phone}</span>
                    </td>
                    <td>{formatCount(row.calls, language)}</td>
                    <td>{formatCount(row.totalTokens, language)}</td>
                    <td data-value={row.costBrl}>{brl(row.costBrl)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
    </div>
  );
}

function Tile({ label, value, exact, testId }: { label: string; value: string; exact: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId} data-value={exact}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
