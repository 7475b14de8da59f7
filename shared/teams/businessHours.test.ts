import { describe, expect, it } from 'vitest';
import { describeReturn, isOpenAt, nextOpening, scheduleSchema, zonedInstant } from './businessHours.js';

const weekdays = { from: '09:00', to: '18:00' };
const saoPaulo = scheduleSchema.parse({
  timezone: 'America/Sao_Paulo',
  weekly: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays], sat: [{ from: '09:00', to: '13:00' }] },
  holidays: ['2026-12-25'],
});

describe('business hours', () => {
  it('opens and closes on the minute in São Paulo (UTC-3 all year, no DST)', () => {
    // Monday 2026-12-07 09:00 in São Paulo is 12:00 UTC.
    expect(isOpenAt(saoPaulo, new Date('2026-12-07T11:59:59Z'))).toBe(false);
    expect(isOpenAt(saoPaulo, new Date('2026-12-07T12:00:00Z'))).toBe(true);
    expect(isOpenAt(saoPaulo, new Date('2026-12-07T20:59:59Z'))).toBe(true);
    expect(isOpenAt(saoPaulo, new Date('2026-12-07T21:00:00Z'))).toBe(false);
    // January (southern summer, when DST used to apply): still UTC-3.
    expect(isOpenAt(saoPaulo, new Date('2027-01-11T12:00:00Z'))).toBe(true);
    expect(zonedInstant(2027, 1, 11, 9 * 60, 'America/Sao_Paulo').toISOString()).toBe('2027-01-11T12:00:00.000Z');
  });

  it('reads the local date at midnight edges: Sunday 23:59 local is Monday in UTC but closed', () => {
    // Sunday 2026-12-06 23:59 in São Paulo = Monday 02:59 UTC.
    expect(isOpenAt(saoPaulo, new Date('2026-12-07T02:59:00Z'))).toBe(false);
    expect(nextOpening(saoPaulo, new Date('2026-12-07T02:59:00Z'))?.toISOString()).toBe('2026-12-07T12:00:00.000Z');
    // Friday after closing: Saturday 09:00.
    expect(nextOpening(saoPaulo, new Date('2026-12-11T21:30:00Z'))?.toISOString()).toBe('2026-12-12T12:00:00.000Z');
    // Saturday after 13:00: Monday 09:00.
    expect(nextOpening(saoPaulo, new Date('2026-12-12T16:00:00Z'))?.toISOString()).toBe('2026-12-14T12:00:00.000Z');
  });

  it('keeps holidays closed all day and opens the next working day', () => {
    // Christmas 2026 is a Friday.
    expect(isOpenAt(saoPaulo, new Date('2026-12-25T15:00:00Z'))).toBe(false);
    expect(nextOpening(saoPaulo, new Date('2026-12-24T22:00:00Z'))?.toISOString()).toBe('2026-12-26T12:00:00.000Z');
  });

  it('handles openings past midnight and other Brazilian zones (Manaus UTC-4, Noronha UTC-2)', () => {
    const night = scheduleSchema.parse({ timezone: 'America/Manaus', weekly: { fri: [{ from: '22:00', to: '02:00' }] }, holidays: [] });
    // Friday 2026-12-11 23:30 Manaus = Saturday 03:30 UTC: open; Saturday 01:59 local open, 02:00 closed.
    expect(isOpenAt(night, new Date('2026-12-12T03:30:00Z'))).toBe(true);
    expect(isOpenAt(night, new Date('2026-12-12T05:59:00Z'))).toBe(true);
    expect(isOpenAt(night, new Date('2026-12-12T06:00:00Z'))).toBe(false);
    expect(nextOpening(night, new Date('2026-12-12T06:00:00Z'))?.toISOString()).toBe('2026-12-19T02:00:00.000Z');
    const noronha = scheduleSchema.parse({ timezone: 'America/Noronha', weekly: { mon: [{ from: '00:00', to: '24:00' }] }, holidays: [] });
    expect(isOpenAt(noronha, new Date('2026-12-07T02:00:00Z'))).toBe(true); // Monday 00:00 local
    expect(isOpenAt(noronha, new Date('2026-12-08T01:59:00Z'))).toBe(true); // Monday 23:59 local
    expect(isOpenAt(noronha, new Date('2026-12-08T02:00:00Z'))).toBe(false); // Tuesday 00:00 local
  });

  it('says when agents return in Portuguese, and refuses bad schedules', () => {
    expect(describeReturn(new Date('2026-12-14T12:00:00Z'), 'America/Sao_Paulo')).toBe('segunda-feira, 09:00');
    expect(scheduleSchema.safeParse({ timezone: 'Mars/Olympus', weekly: {} }).success).toBe(false);
    expect(scheduleSchema.safeParse({ timezone: 'UTC', weekly: { mon: [{ from: '9:00', to: '18:00' }] } }).success).toBe(false);
    expect(nextOpening(scheduleSchema.parse({ timezone: 'UTC', weekly: {} }), new Date())).toBeNull();
  });
});
