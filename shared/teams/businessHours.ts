// Business hours: a timezone, a weekly schedule and holidays; whether a moment is inside them and
// when they next open. Pure (Intl only, no Node or DOM), for the server and the renderer. Times
// are the business's wall clock in its IANA timezone; Intl does every conversion, so zones with or
// without daylight saving time (Brazil has none since 2019) are handled alike.
import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'times are HH:MM (00:00 to 24:00)');
/** One opening on a day; `to` before or equal to `from` runs past midnight into the next day. */
export const openingSchema = z.object({ from: hhmm, to: hhmm });
export type Opening = z.infer<typeof openingSchema>;

export const scheduleSchema = z.object({
  timezone: z.string().refine(isTimeZone, 'the timezone must be an IANA name such as America/Sao_Paulo'),
  weekly: z.object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(openingSchema).max(6).default([])])) as Record<
      Weekday,
      z.ZodDefault<z.ZodArray<typeof openingSchema>>
    >,
  ),
  /** Closed all day (local dates, YYYY-MM-DD). */
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'holidays are dates written YYYY-MM-DD'))
    .max(200)
    .default([]),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

type LocalParts = { year: number; month: number; day: number; weekday: Weekday; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `at`. */
export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: String(parts.weekday).toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const dateKey = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The instant the wall clock in `timeZone` shows that date and minute of the day. */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  let result = guess;
  // Twice: the offset at the first estimate may differ from the offset at the answer (a DST change between them).
  for (let pass = 0; pass < 2; pass++) {
    const seen = localParts(new Date(result), timeZone);
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day, 0, seen.minutes);
    result += guess - shown;
  }
  return new Date(result);
}

/** The calendar day `offset` days after the given local date (its weekday too). */
function addDays(year: number, month: number, day: number, offset: number) {
  const date = new Date(Date.UTC(year, month - 1, day + offset));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: WEEKDAYS[date.getUTCDay()]! };
}

/** The opening intervals of one local day as [start, end) minutes; one past midnight ends at `to` + 1440. */
function intervals(schedule: Schedule, weekday: Weekday): Array<[number, number]> {
  return (schedule.weekly[weekday] ?? []).map(({ from, to }) => {
    const start = toMinutes(from);
    const end = toMinutes(to);
    return [start, end <= start ? end + 1440 : end] as [number, number];
  });
}

/** Whether `at` is within the business hours (a holiday closes its whole local day, also what ran past midnight into it). */
export function isOpenAt(schedule: Schedule, at: Date): boolean {
  const now = localParts(at, schedule.timezone);
  if (schedule.holidays.includes(dateKey(now.year, now.month, now.day))) return false;
  if (intervals(schedule, now.weekday).some(([start, end]) => now.minutes >= start && now.minutes < end)) return true;
  // Yesterday's opening that runs past midnight.
  const yesterday = addDays(now.year, now.month, now.day, -1);
  if (schedule.holidays.includes(dateKey(yesterday.year, yesterday.month, yesterday.day))) return false;
  return intervals(schedule, yesterday.weekday).some(([, end]) => end > 1440 && now.minutes < end - 1440);
}

/** When the business hours next open after `at` (`at` itself when open); null when nothing opens within 30 days. */
export function nextOpening(schedule: Schedule, at: Date): Date | null {
  if (isOpenAt(schedule, at)) return at;
  const now = localParts(at, schedule.timezone);
  for (let offset = 0; offset <= 30; offset++) {
    const day = addDays(now.year, now.month, now.day, offset);
    if (schedule.holidays.includes(dateKey(day.year, day.month, day.day))) continue;
    const starts = intervals(schedule, day.weekday)
      .map(([start]) => start)
      .sort((a, b) => a - b);
    for (const start of starts) {
      const instant = zonedInstant(day.year, day.month, day.day, start, schedule.timezone);
      if (instant.getTime() > at.getTime()) return instant;
    }
  }
  return null;
}

/** "segunda-feira, 09:00" style: when agents return, in the business's timezone and language. */
export function describeReturn(at: Date, timeZone: string, locale = 'pt-BR'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
