// The reports' figures: the whole hours of the period from the rollups, its ragged ends from the
// source rows (reportWindow.ts), added together. Counts and sums are exact; p50/p90 come from
// histograms (timeBins.ts: exact below 32 s and whenever the percentile's bin holds one distinct
// value, otherwise within the bin, less than 6.25 % off).
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { rawAgentParts, rawHourlyIncoming, rawHourlyOpenedResolved, rawSummaryParts } from './rawReportQueries.js';
import type { ReportFilter } from './reportInput.js';
import { addAgents, addHours, addSummary, agentHasFigures, emptySummary, type AgentParts, type HourCount, type SummaryParts } from './reportParts.js';
import { reportWindow } from './reportWindow.js';
import { rollupAgentParts, rollupHourlyIncoming, rollupHourlyOpenedResolved, rollupSummaryParts } from './rollupQueries.js';
import { histogramPercentile } from './timeBins.js';

export type ReportSummary = {
  opened: number;
  resolved: number;
  handedOff: number;
  /** Opened episodes no person had (the bot alone) / opened. */
  botContainment: number | null;
  handoffRate: number | null;
  firstResponseSeconds: { p50: number | null; p90: number | null };
  resolutionSeconds: { p50: number | null; p90: number | null };
  messagesSent: { byPeople: number; byBot: number };
  csat: { answers: number; average: number | null; byRating: number[] };
};

export async function reportSummary(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<ReportSummary> {
  const window = reportWindow(filter);
  const parts = emptySummary();
  if (window.hours) addSummary(parts, await rollupSummaryParts(app, tx, clientId, window.hours, filter));
  for (const edge of window.edges) addSummary(parts, await rawSummaryParts(app, tx, clientId, edge));
  return summaryOf(parts);
}

/** The summary's figures from its counts (exported for the tests, which build it from the source rows alone too). */
export function summaryOf(parts: SummaryParts): ReportSummary {
  const answers = parts.csat.reduce((sum, count) => sum + count, 0);
  return {
    opened: parts.opened,
    resolved: parts.resolved,
    handedOff: parts.handedOff,
    botContainment: parts.opened ? (parts.opened - parts.handedOff) / parts.opened : null,
    handoffRate: parts.opened ? parts.handedOff / parts.opened : null,
    firstResponseSeconds: { p50: histogramPercentile(parts.firstResponse, 0.5), p90: histogramPercentile(parts.firstResponse, 0.9) },
    resolutionSeconds: { p50: histogramPercentile(parts.resolution, 0.5), p90: histogramPercentile(parts.resolution, 0.9) },
    messagesSent: { byPeople: parts.sentByPeople, byBot: parts.sentByBot },
    csat: {
      answers,
      average: answers ? parts.csat.reduce((sum, count, index) => sum + count * (index + 1), 0) / answers : null,
      byRating: parts.csat,
    },
  };
}

/** Opened and resolved episodes per hour bucket (epoch ms). */
export async function hourlyOpenedResolved(
  app: AppContext,
  tx: Tx,
  clientId: string,
  filter: ReportFilter,
): Promise<{ opened: HourCount[]; resolved: HourCount[] }> {
  const window = reportWindow(filter);
  const parts = window.hours ? [await rollupHourlyOpenedResolved(app, tx, clientId, window.hours, filter)] : [];
  for (const edge of window.edges) parts.push(await rawHourlyOpenedResolved(app, tx, clientId, edge));
  return { opened: addHours(...parts.map((part) => part.opened)), resolved: addHours(...parts.map((part) => part.resolved)) };
}

/** Customers' messages per hour bucket (the busiest-hours heatmap), on the number or team asked for. */
export async function hourlyIncoming(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<HourCount[]> {
  const window = reportWindow(filter);
  const parts = window.hours ? [await rollupHourlyIncoming(app, tx, clientId, window.hours, filter)] : [];
  for (const edge of window.edges) parts.push(await rawHourlyIncoming(app, tx, clientId, edge));
  return addHours(...parts);
}

export type AgentRow = {
  agentId: string;
  resolved: number;
  averageFirstResponseSeconds: number | null;
  averageResolutionSeconds: number | null;
  messagesSent: number;
  csatAnswers: number;
  csatAverage: number | null;
};

/** Per agent: episodes resolved, average times, messages sent, CSAT. */
export async function byAgent(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<AgentRow[]> {
  const window = reportWindow(filter);
  const agents = window.hours ? await rollupAgentParts(app, tx, clientId, window.hours, filter) : new Map<string, AgentParts>();
  for (const edge of window.edges) addAgents(agents, await rawAgentParts(app, tx, clientId, edge));
  return agentRowsOf(agents);
}

/** The per-agent rows from their counts, by agent id (exported for the tests, as summaryOf). */
export function agentRowsOf(agents: Map<string, AgentParts>): AgentRow[] {
  return [...agents.entries()]
    .filter(([, figures]) => agentHasFigures(figures))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agentId, figures]) => {
      const csatAnswers = figures.csat.reduce((sum, count) => sum + count, 0);
      return {
        agentId,
        resolved: figures.resolved,
        averageFirstResponseSeconds: figures.firstResponseCount ? figures.firstResponseSum / figures.firstResponseCount : null,
        averageResolutionSeconds: figures.resolved ? figures.resolutionSum / figures.resolved : null,
        messagesSent: figures.sentByPeople,
        csatAnswers,
        csatAverage: csatAnswers ? figures.csat.reduce((sum, count, index) => sum + count * (index + 1), 0) / csatAnswers : null,
      };
    });
}
