// The reports' local clock against Intl hour by hour (localParts), in zones with and without
// daylight saving time, with half-hour offsets and a half-hour DST shift, across a year.
import { describe, expect, it } from 'vitest';
import { localParts } from '#shared/teams/businessHours.js';
import { localClock } from './localClock.js';

const HOUR = 3_600_000;

describe('the local clock of report hours', () => {
  it.each(['America/Sao_Paulo', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'])(
    'matches Intl at every hour of 2026 in %s',
    (timeZone) => {
      const clock = localClock(timeZone);
      const start = Date.UTC(2026, 0, 1);
      for (let ms = start; ms < start + 366 * 24 * HOUR; ms += HOUR) {
        const parts = localParts(new Date(ms), timeZone);
        const date = `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
        expect(clock(ms)).toEqual({ date, weekday: parts.weekday, hour: Math.floor(parts.minutes / 60) });
      }
    },
  );
});
