// The period a dashboard query covers, resolved in the client's time zone: a preset ("today",
// "last 7 days", "this month", "the budget period", …) or an inclusive range of local dates. Days
// are the local calendar days inside it (daylight-saving days are 23 or 25 hours), each as an
// [start, end) pair of epoch milliseconds: the spend rollups are summed per day in SQL against them.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { periodBounds } from '../budgets/index.js';
import type { BudgetPeriod } from '#shared/domain/statuses.js';

export const PERIOD_PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'budget'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const localDate = safeText()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a calendar date');

export const periodInput = z.union([z.object({ preset: z.enum(PERIOD_PRESETS) }), z.object({ from: localDate, to: localDate })]).default({ preset: 'last30' });
export type PeriodInput = z.infer<typeof periodInput>;

/** The longest range a chart covers (one bar per day). */
export const MAX_PERIOD_DAYS = 400;
/** Rollup buckets are 15 minutes: every boundary is floored to one (a no-op for local midnights). */
export const BUCKET_MS = 900_000;

export type SpendDay = { date: string; startMs: number; endMs: number };
export type SpendPeriod = { fromMs: number; toMs: number; timeZone: string; days: SpendDay[] };

export type PeriodContext = {
  now: Date;
  timeZone: string;
  /** The client's budget period (type and, while current, its bounds), for the "budget" preset. */
  budget: { period: BudgetPeriod; start: Date | null; next: Date | null } | null;
};

export function resolvePeriod(input: PeriodInput, context: PeriodContext): SpendPeriod {
  const { now, timeZone } = context;
  let fromMs: number;
  let toMs: number;
  if ('preset' in input) {
    const today = periodBounds(now, 'daily', timeZone);
    const month = periodBounds(now, 'monthly', timeZone);
    switch (input.preset) {
      case 'today':
        [fromMs, toMs] = [today.start.getTime(), today.next.getTime()];
        break;
      case 'last7':
        [fromMs, toMs] = [daysBefore(today.start, 6, timeZone), today.next.getTime()];
        break;
      case 'last30':
        [fromMs, toMs] = [daysBefore(today.start, 29, timeZone), today.next.getTime()];
        break;
      case 'thisMonth':
        [fromMs, toMs] = [month.start.getTime(), month.next.getTime()];
        break;
      case 'lastMonth': {
        const previous = periodBounds(new Date(month.start.getTime() - 1), 'monthly', timeZone);
        [fromMs, toMs] = [previous.start.getTime(), previous.next.getTime()];
        break;
      }
      case 'budget': {
        const budget = context.budget;
        const current = budget?.start && budget.next && now >= budget.start && now < budget.next;
        const bounds = current ? { start: budget.start!, next: budget.next! } : periodBounds(now, budget?.period ?? 'monthly', timeZone);
        [fromMs, toMs] = [bounds.start.getTime(), bounds.next.getTime()];
        break;
      }
    }
  } else {
    if (input.from > input.to) throw new TRPCError({ code: 'BAD_REQUEST', message: '"from" is after "to"' });
    fromMs = localMidnight(input.from, timeZone);
    const last = localMidnight(input.to, timeZone);
    toMs = periodBounds(new Date(last), 'daily', timeZone).next.getTime();
  }
  fromMs = Math.floor(fromMs / BUCKET_MS) * BUCKET_MS;
  toMs = Math.floor(toMs / BUCKET_MS) * BUCKET_MS;
  const days: SpendDay[] = [];
  for (let start = fromMs; start < toMs;) {
    const bounds = periodBounds(new Date(start), 'daily', timeZone);
    const endMs = Math.min(Math.floor(bounds.next.getTime() / BUCKET_MS) * BUCKET_MS, toMs);
    days.push({ date: localDateOf(start, timeZone), startMs: start, endMs });
    start = endMs;
    if (days.length > MAX_PERIOD_DAYS) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `a period covers at most ${MAX_PERIOD_DAYS} days` });
    }
  }
  return { fromMs, toMs, timeZone, days };
}

function daysBefore(dayStart: Date, count: number, timeZone: string): number {
  let start = dayStart.getTime();
  // Step back through the previous days' starts (noon of the day before lands inside it whatever the DST).
  for (let index = 0; index < count; index++) start = periodBounds(new Date(start - 12 * 3_600_000), 'daily', timeZone).start.getTime();
  return start;
}

/** The first instant of a local date (YYYY-MM-DD) in the zone. */
function localMidnight(date: string, timeZone: string): number {
  // Noon UTC of that date is on that local date in every zone from -11:59 to +11:59; the others
  // (e.g. +13, -12) are corrected by one step.
  const noon = Date.parse(`${date}T12:00:00Z`);
  let start = periodBounds(new Date(noon), 'daily', timeZone).start.getTime();
  const found = localDateOf(start, timeZone);
  if (found < date) start = periodBounds(new Date(noon + 24 * 3_600_000), 'daily', timeZone).start.getTime();
  else if (found > date) start = periodBounds(new Date(noon - 24 * 3_600_000), 'daily', timeZone).start.getTime();
  return start;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function localDateOf(epochMs: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(new Date(epochMs));
}
