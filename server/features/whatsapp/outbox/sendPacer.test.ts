import { describe, expect, it } from 'vitest';
import { createSendPacer, numberKey } from './sendPacer.js';

describe('the per-number send pacer', () => {
  it('hands out slots 1/rate apart, up to the horizon, per number', () => {
    const pacer = createSendPacer(10, 250); // 100 ms apart, a quarter second ahead
    const a = numberKey('client', '111');
    const b = numberKey('client', null);
    expect([0, 1, 2].map(() => pacer.reserve(a, 1000))).toEqual([1000, 1100, 1200]);
    expect(pacer.reserve(a, 1000)).toBe(null); // 1300 is past the horizon
    expect(pacer.reserve(b, 1000)).toBe(1000); // another number has its own timeline
    expect(pacer.saturated(1000)).toEqual([a]);
    expect(pacer.nextFreeAt(1000)).toBe(1050); // its next slot (1300) is within the horizon from then on
    expect(pacer.reserve(a, 1050)).toBe(1300);
    // Time moved on: a number that was idle starts at once again.
    expect(pacer.reserve(a, 5000)).toBe(5000);
    expect(pacer.saturated(5000)).toEqual([]);
    expect(pacer.nextFreeAt(5000)).toBe(null);
  });

  it('admits at most `rate` calls in any one second, however late they start', () => {
    const pacer = createSendPacer(3, 1000);
    const key = numberKey('client', '222');
    expect([0, 0, 10].map((at) => pacer.admit(key, at))).toEqual([0, 0, 0]);
    expect(pacer.admit(key, 20)).toBe(981); // the oldest call leaves the window at 1000
    expect(pacer.admit(key, 999)).toBe(2);
    expect(pacer.admit(key, 1000)).toBe(0);
    expect(pacer.admit(key, 1005)).toBe(0);
    expect(pacer.admit(key, 1006)).toBeGreaterThan(0); // 1000, 1005 and 10 (until 1010) are in the window
    expect(pacer.admit(numberKey('other', '222'), 1006)).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createSendPacer(0, 1000)).toThrow(/must be positive/);
  });
});
