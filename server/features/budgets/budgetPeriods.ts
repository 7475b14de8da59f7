// Budget periods follow the calendar in the client's time zone: a day starts at local midnight, a
// week on Monday, a month on the 1st. Computed from the IANA zone with Intl, so daylight-saving
// changes (including days whose midnight does not exist) land on the right instant.
import type { BudgetPeriod } from '#shared/domain/statuses.js';

export type PeriodBounds = { start: Date; next: Date };

export function periodBounds(now: Date, period: BudgetPeriod, timeZone: string): PeriodBounds {
  const local = localParts(now.getTime(), timeZone);
  if (period === 'daily') {
    return { start: startOfLocalDay(local.year, local.month, local.day, timeZone), next: startOfLocalDay(local.year, local.month, local.day + 1, timeZone) };
  }
  if (period === 'weekly') {
    const sinceMonday = (local.weekday + 6) % 7;
    return {
      start: startOfLocalDay(local.year, local.month, local.day - sinceMonday, timeZone),
      next: startOfLocalDay(local.year, local.month, local.day - sinceMonday + 7, timeZone),
    };
  }
  return { start: startOfLocalDay(local.year, local.month, 1, timeZone), next: startOfLocalDay(local.year, local.month + 1, 1, timeZone) };
}

type LocalParts = { year: number; month: number; day: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localParts(epochMs: number, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday: WEEKDAYS.indexOf(parts.weekday!) };
}

/**
 * The first instant whose local date is (year, month, day) (month and day may overflow, as with
 * Date.UTC). Binary search over a window around UTC midnight wide enough for any offset (±14 h),
 * to the millisecond: correct where midnight is skipped by a DST change.
 */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const target = new Date(Date.UTC(year, month - 1, day));
  const targetKey = target.getUTCFullYear() * 10_000 + (target.getUTCMonth() + 1) * 100 + target.getUTCDate();
  const keyAt = (epochMs: number) => {
    const local = localParts(epochMs, timeZone);
    return local.year * 10_000 + local.month * 100 + local.day;
  };
  let low = target.getTime() - 15 * 3_600_000; // local date before the target here
  let high = target.getTime() + 15 * 3_600_000; // and on or after it here
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (keyAt(middle) >= targetKey) high = middle;
    else low = middle;
  }
  return new Date(high);
}
