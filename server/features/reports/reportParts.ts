// The additive pieces every report is built from: counts and sums that the rollups (whole hours)
// and the source rows (the ragged ends of a period) each give for their part, then added together.
import { addToHistogram, type Histogram } from './timeBins.js';

export type SummaryParts = {
  opened: number;
  handedOff: number;
  resolved: number;
  sentByPeople: number;
  sentByBot: number;
  /** Answers per rating 1–5. */
  csat: number[];
  firstResponse: Histogram;
  resolution: Histogram;
};

export type AgentParts = {
  resolved: number;
  firstResponseCount: number;
  firstResponseSum: number;
  resolutionSum: number;
  sentByPeople: number;
  /** Answers per rating 1–5. */
  csat: number[];
};

export type HourCount = { bucketMs: number; count: number };

export const emptySummary = (): SummaryParts => ({
  opened: 0,
  handedOff: 0,
  resolved: 0,
  sentByPeople: 0,
  sentByBot: 0,
  csat: [0, 0, 0, 0, 0],
  firstResponse: new Map(),
  resolution: new Map(),
});

export const emptyAgent = (): AgentParts => ({
  resolved: 0,
  firstResponseCount: 0,
  firstResponseSum: 0,
  resolutionSum: 0,
  sentByPeople: 0,
  csat: [0, 0, 0, 0, 0],
});

export function addSummary(into: SummaryParts, part: SummaryParts): SummaryParts {
  for (const key of ['opened', 'handedOff', 'resolved', 'sentByPeople', 'sentByBot'] as const) into[key] += part[key];
  part.csat.forEach((count, index) => (into.csat[index]! += count));
  for (const key of ['firstResponse', 'resolution'] as const) for (const [bin, entry] of part[key]) addToHistogram(into[key], bin, entry.count, entry.total);
  return into;
}

export function addAgents(into: Map<string, AgentParts>, part: Map<string, AgentParts>): Map<string, AgentParts> {
  for (const [agentId, figures] of part) {
    const sum = into.get(agentId) ?? emptyAgent();
    for (const key of ['resolved', 'firstResponseCount', 'firstResponseSum', 'resolutionSum', 'sentByPeople'] as const) sum[key] += figures[key];
    figures.csat.forEach((count, index) => (sum.csat[index]! += count));
    into.set(agentId, sum);
  }
  return into;
}

/** An agent appears when the period has something of theirs: a resolved episode, a message, an answer. */
export const agentHasFigures = (figures: AgentParts) => figures.resolved > 0 || figures.sentByPeople > 0 || figures.csat.some((count) => count > 0);

export function addHours(...parts: HourCount[][]): HourCount[] {
  const sums = new Map<number, number>();
  for (const rows of parts) for (const row of rows) sums.set(row.bucketMs, (sums.get(row.bucketMs) ?? 0) + row.count);
  return [...sums.entries()].map(([bucketMs, count]) => ({ bucketMs, count }));
}
