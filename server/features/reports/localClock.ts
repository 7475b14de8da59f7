// The local wall clock of instants (the reports' hour buckets, a period's bounds) in a time zone,
// for turning the reports' hours into local days and weekday-hours. The same answer as localParts
// at that instant, with two Intl calls per UTC day instead of one or more per hour: a UTC day whose
// first and last hour have the same offset has it all day (no zone changes offset twice within a
// day); a day whose offsets differ is read hour by hour.
import { localParts, WEEKDAYS, type Weekday } from '#shared/teams/businessHours.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type LocalHour = { date: string; weekday: Weekday; hour: number };

export function localClock(timeZone: string): (ms: number) => LocalHour {
  const offsetAt = (ms: number) => {
    const parts = localParts(new Date(ms), timeZone);
    const minuteStart = Math.floor(ms / 60_000) * 60_000;
    return Date.UTC(parts.year, parts.month - 1, parts.day, 0, parts.minutes) - minuteStart;
  };
  const days = new Map<number, number | null>();
  const dayOffset = (day: number) => {
    if (!days.has(day)) {
      const first = offsetAt(day * DAY_MS);
      days.set(day, first === offsetAt(day * DAY_MS + 23 * HOUR_MS) ? first : null);
    }
    return days.get(day)!;
  };
  return (ms) => {
    const offset = dayOffset(Math.floor(ms / DAY_MS)) ?? offsetAt(ms);
    const local = new Date(ms + offset);
    return {
      date: local.toISOString().slice(0, 10),
      weekday: WEEKDAYS[local.getUTCDay()]!,
      hour: local.getUTCHours(),
    };
  };
}
