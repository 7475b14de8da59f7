// A report's period split where the rollups can answer it: the whole UTC hours inside it come from
// report_rollups (one row per hour and dimension), the ragged ends (a period starting or ending
// inside an hour) from the source rows themselves, each an index range of less than an hour. Exact
// for any period, whatever its boundaries.
import type { ReportFilter } from './reportInput.js';

export const HOUR_MS = 3_600_000;

export type ReportWindow = {
  /** Whole hours [fromMs, toMs) read from the rollups; null when the period holds none. */
  hours: { fromMs: number; toMs: number } | null;
  /** The rest of the period, read from the source rows (the same filter, narrower periods). */
  edges: ReportFilter[];
};

export function reportWindow(filter: ReportFilter): ReportWindow {
  const fromMs = filter.from.getTime();
  const toMs = filter.to.getTime();
  const firstHour = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  if (firstHour >= lastHour) return { hours: null, edges: [filter] };
  const edges: ReportFilter[] = [];
  if (fromMs < firstHour) edges.push({ ...filter, to: new Date(firstHour) });
  if (lastHour < toMs) edges.push({ ...filter, from: new Date(lastHour) });
  return { hours: { fromMs: firstHour, toMs: lastHour }, edges };
}
