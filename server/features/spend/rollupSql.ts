// Shared pieces of the spend queries: the rollup sums every chart reads, and turning them back into
// JavaScript values. Sums are cast to text in SQL so that neither driver rounds them through a
// float: money comes back as an exact integer count of 10^-10 units, formatted as a decimal string.
import { sql, type SQL } from 'drizzle-orm';

/** Aliased sums over spend_rollups rows (alias `r`); every row of a chart query carries them. */
export const ROLLUP_SUMS = sql.raw(`
  cast(coalesce(sum(r.calls), 0) as text) as calls,
  cast(coalesce(sum(r.cached_calls), 0) as text) as cached_calls,
  cast(coalesce(sum(r.fallback_calls), 0) as text) as fallback_calls,
  cast(coalesce(sum(r.error_calls), 0) as text) as error_calls,
  cast(coalesce(sum(r.input_tokens), 0) as text) as input_tokens,
  cast(coalesce(sum(r.output_tokens), 0) as text) as output_tokens,
  cast(coalesce(sum(r.cached_tokens), 0) as text) as cached_tokens,
  cast(coalesce(sum(r.total_tokens), 0) as text) as total_tokens,
  cast(coalesce(sum(r.cost_usd_e_10), 0) as text) as cost_usd,
  cast(coalesce(sum(r.cost_brl_e_10), 0) as text) as cost_brl`);

export type RollupSumsRow = {
  calls: string;
  cached_calls: string;
  fallback_calls: string;
  error_calls: string;
  input_tokens: string;
  output_tokens: string;
  cached_tokens: string;
  total_tokens: string;
  cost_usd: string;
  cost_brl: string;
};

export type SpendFigures = {
  calls: number;
  cachedCalls: number;
  fallbackCalls: number;
  errorCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  totalTokens: number;
  costUsd: string;
  costBrl: string;
};

export function spendFigures(row: RollupSumsRow | undefined): SpendFigures {
  return {
    calls: Number(row?.calls ?? 0),
    cachedCalls: Number(row?.cached_calls ?? 0),
    fallbackCalls: Number(row?.fallback_calls ?? 0),
    errorCalls: Number(row?.error_calls ?? 0),
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    cachedTokens: Number(row?.cached_tokens ?? 0),
    totalTokens: Number(row?.total_tokens ?? 0),
    costUsd: fromE10(row?.cost_usd ?? '0'),
    costBrl: fromE10(row?.cost_brl ?? '0'),
  };
}

/** "17500000003" (units of 10^-10) → "1.7500000003". PostgreSQL may render a numeric sum as "175.0". */
export function fromE10(units: string | number | bigint): string {
  const text = String(units).replace(/\.0*$/, '');
  let value = BigInt(text);
  const negative = value < 0n;
  if (negative) value = -value;
  const digits = value.toString().padStart(11, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/** `r.client_id = … and r.bucket_ms in [from, to)`. */
export const inRange = (clientId: string, fromMs: number, toMs: number): SQL =>
  sql`r.client_id = ${clientId} and r.bucket_ms >= ${fromMs} and r.bucket_ms < ${toMs}`;
