// Histogram bins for first response and resolution times (seconds), the same as the database's
// (uzz_report_bin on PostgreSQL, the inline expression of the SQLite triggers; see
// scripts/reportRollupSql.mjs). Exact below 32 s; from there 16 bins per doubling, so a bin is at
// most 1/16 of its lower edge wide (6.25 %). Each bin also keeps the sum of its seconds, and a
// percentile is given as the mean of the bin holding it: exact when that bin holds one distinct
// value, otherwise inside the bin (off by less than 6.25 % of the true nearest-rank value).
export const EXACT_BELOW_SECONDS = 32;
export const BINS_PER_DOUBLING = 16;

/** k = how many of 2^5 … 2^31 the value reaches; bin = 16k + (v >> k). Monotonic in v. */
export function timeBin(seconds: number): number {
  let k = 0;
  for (let power = 5; power <= 31; power++) if (seconds >= 2 ** power) k++;
  return BINS_PER_DOUBLING * k + Math.floor(seconds / 2 ** k);
}

export type Histogram = Map<number, { count: number; total: number }>;

export function addToHistogram(histogram: Histogram, bin: number, count: number, total: number): void {
  const entry = histogram.get(bin) ?? { count: 0, total: 0 };
  entry.count += count;
  entry.total += total;
  histogram.set(bin, entry);
}

/**
 * Nearest rank, as before the rollups (PostgreSQL's percentile_disc): the bin where the running
 * count first reaches p·n, given as its mean, rounded to the second.
 */
export function histogramPercentile(histogram: Histogram, p: number): number | null {
  const bins = [...histogram.entries()].filter(([, entry]) => entry.count > 0).sort(([a], [b]) => a - b);
  const n = bins.reduce((sum, [, entry]) => sum + entry.count, 0);
  if (!n) return null;
  let running = 0;
  for (const [, entry] of bins) {
    running += entry.count;
    if (running >= p * n) return Math.round(entry.total / entry.count);
  }
  const last = bins.at(-1)![1];
  return Math.round(last.total / last.count);
}
