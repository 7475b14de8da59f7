// /reports: the figures a support manager runs on, for a period (local dates, the client's
// timezone) and optionally one number, team or agent: tiles, opened and resolved per day, the
// busiest hours, per agent, and a CSV of it all.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { BarChart } from '#renderer/features/spend/charts/BarChart';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useAgents, useNumbers, useTeams } from './useTeamsData';
import '#renderer/features/spend/spend.css';
import './teams.css';

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function duration(seconds: number | null, none: string): string {
  if (seconds === null) return none;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
const percent = (value: number | null, none: string) => (value === null ? none : `${Math.round(value * 100)}%`);

export default function ReportsScreen() {
  const t = useT();
  const today = new Date();
  const [from, setFrom] = useState(isoDate(new Date(today.getTime() - 6 * 86_400_000)));
  const [to, setTo] = useState(isoDate(today));
  const [phoneNumberId, setPhoneNumberId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [agentId, setAgentId] = useState('');
  const numbers = useNumbers();
  const teams = useTeams();
  const agents = useAgents();
  // Local midnight to local midnight after the last day (the browser's timezone picks the instants).
  const input = {
    from: new Date(`${from}T00:00:00`).toISOString(),
    to: new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString(),
    ...(phoneNumberId ? { phoneNumberId } : {}),
    ...(teamId ? { teamId } : {}),
    ...(agentId ? { agentId } : {}),
  };
  const key = ['reports', input];
  const summary = useQuery({ queryKey: [...key, 'summary'], queryFn: () => api().reports.summary.query(input) });
  const perDay = useQuery({ queryKey: [...key, 'perDay'], queryFn: () => api().reports.perDay.query(input) });
  const heatmap = useQuery({ queryKey: [...key, 'heatmap'], queryFn: () => api().reports.heatmap.query(input) });
  const byAgent = useQuery({ queryKey: [...key, 'byAgent'], queryFn: () => api().reports.byAgent.query(input) });
  const none = t('reports.none');
  const download = async () => {
    const { csv, filename } = await api().reports.csv.query(input);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    URL.revokeObjectURL(url);
  };
  const error = summary.error ?? perDay.error ?? heatmap.error ?? byAgent.error;
  const heatMax = Math.max(1, ...(heatmap.data?.cells.flat() ?? [0]));
  return (
    <div className="page stack reports-page">
      <h1>{t('reports.title')}</h1>
      <div className="row wrap reports-filters">
        <label className="row small">
          {t('reports.from')}
          <input type="date" value={from} max={to} onChange={(event) => event.target.value && setFrom(event.target.value)} />
        </label>
        <label className="row small">
          {t('reports.to')}
          <input type="date" value={to} min={from} onChange={(event) => event.target.value && setTo(event.target.value)} />
        </label>
        <select aria-label={t('inbox.filter.number')} value={phoneNumberId} onChange={(event) => setPhoneNumberId(event.target.value)}>
          <option value="">{t('inbox.filter.anyNumber')}</option>
          {numbers.data?.map((number) => (
            <option key={number.id} value={number.phoneNumberId}>
              {number.displayName}
            </option>
          ))}
        </select>
        <select aria-label={t('inbox.filter.team')} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
          <option value="">{t('inbox.filter.anyTeam')}</option>
          {teams.data?.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        <select aria-label={t('reports.agent')} value={agentId} onChange={(event) => setAgentId(event.target.value)}>
          <option value="">{t('reports.anyAgent')}</option>
          {agents.data?.map((agent) => (
            <option key={agent.userId} value={agent.userId}>
              {agent.fullName ?? agent.email}
            </option>
          ))}
        </select>
        <button type="button" className="button-secondary" onClick={() => void download()}>
          {t('reports.csv')}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {summary.data && (
        <div className="tiles" data-testid="report-tiles">
          <Tile label={t('reports.opened')} value={String(summary.data.opened)} testId="report-opened" />
          <Tile label={t('reports.resolved')} value={String(summary.data.resolved)} testId="report-resolved" />
          <Tile
            label={t('reports.firstResponse')}
            value={`${duration(summary.data.firstResponseSeconds.p50, none)} / ${duration(summary.data.firstResponseSeconds.p90, none)}`}
          />
          <Tile
            label={t('reports.resolution')}
            value={`${duration(summary.data.resolutionSeconds.p50, none)} / ${duration(summary.data.resolutionSeconds.p90, none)}`}
          />
          <Tile label={t('reports.messagesSent')} value={`${summary.data.messagesSent.byPeople} / ${summary.data.messagesSent.byBot}`} />
          <Tile label={t('reports.containment')} value={percent(summary.data.botContainment, none)} />
          <Tile label={t('reports.handoffRate')} value={percent(summary.data.handoffRate, none)} />
          <Tile
            label={t('reports.csat')}
            value={summary.data.csat.average === null ? none : summary.data.csat.average.toFixed(1)}
            hint={t('reports.csatAnswers', { count: summary.data.csat.answers })}
          />
        </div>
      )}
      {perDay.data && (
        <div className="row wrap">
          <section className="card grow" aria-label={t('reports.perDay')}>
            <h2>{t('reports.perDay')}</h2>
            <BarChart
              title={t('reports.perDay')}
              bars={perDay.data.days.map((day) => ({ key: day.date, label: day.date.slice(5), value: day.opened, display: String(day.opened) }))}
              formatAxis={(value) => String(Math.round(value))}
              emptyText={t('reports.empty')}
              testId="report-per-day"
            />
          </section>
          <section className="card grow" aria-label={t('reports.resolvedPerDay')}>
            <h2>{t('reports.resolvedPerDay')}</h2>
            <BarChart
              title={t('reports.resolvedPerDay')}
              bars={perDay.data.days.map((day) => ({ key: day.date, label: day.date.slice(5), value: day.resolved, display: String(day.resolved) }))}
              formatAxis={(value) => String(Math.round(value))}
              emptyText={t('reports.empty')}
            />
          </section>
        </div>
      )}
      {heatmap.data && (
        <section className="card" aria-label={t('reports.heatmap')}>
          <h2>{t('reports.heatmap')}</h2>
          <table className="heatmap" data-testid="report-heatmap">
            <thead>
              <tr>
                <th />
                {Array.from({ length: 24 }, (_, hour) => (
                  <th key={hour} scope="col">
                    {hour}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heatmap.data.cells.map((hours, day) => (
                <tr key={heatmap.data.weekdays[day]}>
                  <th scope="row">{new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 2, 1 + day)))}</th>
                  {hours.map((count, hour) => (
                    <td key={hour} title={String(count)} style={{ opacity: count ? 0.15 + (0.85 * count) / heatMax : 0.05 }}>
                      <span className="visually-hidden">{count}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {byAgent.data && (
        <section className="card" aria-label={t('reports.byAgent')}>
          <h2>{t('reports.byAgent')}</h2>
          {byAgent.data.length === 0 ? (
            <p className="muted">{t('reports.empty')}</p>
          ) : (
            <table className="table" data-testid="report-agents">
              <thead>
                <tr>
                  <th scope="col">{t('reports.agent')}</th>
                  <th scope="col">{t('reports.agent.resolved')}</th>
                  <th scope="col">{t('reports.agent.firstResponse')}</th>
                  <th scope="col">{t('reports.agent.resolution')}</th>
                  <th scope="col">{t('reports.agent.messages')}</th>
                  <th scope="col">{t('reports.agent.csat')}</th>
                </tr>
              </thead>
              <tbody>
                {byAgent.data.map((row) => (
                  <tr key={row.agentId}>
                    <td>{row.name}</td>
                    <td>{row.resolved}</td>
                    <td>{duration(row.averageFirstResponseSeconds, none)}</td>
                    <td>{duration(row.averageResolutionSeconds, none)}</td>
                    <td>{row.messagesSent}</td>
                    <td>{row.csatAverage === null ? none : `${row.csatAverage.toFixed(1)} (${row.csatAnswers})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

function Tile({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="tile card" data-testid={testId}>
      <span className="small muted">{label}</span>
      <strong className="tile-value">{value}</strong>
      {hint && <span className="small muted">{hint}</span>}
    </div>
  );
}
