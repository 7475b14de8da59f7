// The histogram bins of the report times: exact below 32 s, at most 1/16 of the lower edge wide
// above, in order; and the nearest-rank percentile over them.
import { describe, expect, it } from 'vitest';
import { histogramPercentile, timeBin, type Histogram } from './timeBins.js';

describe('report time bins', () => {
  it('keeps every second below 32 apart, then 16 bins per doubling, in order', () => {
    for (let seconds = 0; seconds < 32; seconds++) expect(timeBin(seconds)).toBe(seconds);
    expect([32, 33, 34, 63, 64, 67, 68, 100, 103, 104].map(timeBin)).toEqual([32, 32, 33, 47, 48, 48, 49, 57, 57, 58]);
    let previous = -1;
    let lowest = 0;
    for (let seconds = 0; seconds < 40_000_000; seconds += seconds < 5000 ? 1 : 997) {
      const bin = timeBin(seconds);
      expect(bin).toBeGreaterThanOrEqual(previous);
      if (bin !== previous) lowest = seconds;
      // Every value of a bin is within 1/16 of its lowest value (the bin's width bound).
      expect(seconds - lowest).toBeLessThanOrEqual(Math.max(0, lowest / 16));
      previous = bin;
    }
  });

  it('gives the nearest rank as the mean of the bin holding it', () => {
    const histogram: Histogram = new Map([
      [timeBin(60), { count: 1, total: 60 }],
      [timeBin(120), { count: 1, total: 120 }],
      [timeBin(300), { count: 2, total: 600 }],
    ]);
    expect(histogramPercentile(histogram, 0.5)).toBe(120);
    expect(histogramPercentile(histogram, 0.9)).toBe(300);
    expect(histogramPercentile(new Map(), 0.5)).toBeNull();
    expect(histogramPercentile(new Map([[timeBin(5), { count: 0, total: 0 }]]), 0.5)).toBeNull();
  });
});
