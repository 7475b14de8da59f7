import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { barChartData, barChartOptions, labelEvery, valueTicks, type Bar } from './barChartOptions';

const day = (date: string, value: number): Bar => ({ key: date, label: date.slice(5), value, display: `R$ ${value}` });
const fakeBarsPath: uPlot.Series.BarsPathBuilderFactory = () => () => null;
const options = (bars: Bar[]) =>
  barChartOptions({ bars, width: 600, height: 180, color: '#0a7', textColor: '#666', formatAxis: (value) => `R$ ${value}`, barsPath: fakeBarsPath });
// uPlot calls the axis functions with itself; these options never look at it.
const chart = {} as uPlot;

describe('barChartOptions', () => {
  it('plots each bar at its index with its value', () => {
    expect(barChartData([day('2026-12-01', 3), day('2026-12-02', 0.5)])).toEqual([
      [0, 1],
      [3, 0.5],
    ]);
  });

  it('labels about ten categories at most, always the first', () => {
    expect(labelEvery(7)).toBe(1);
    expect(labelEvery(10)).toBe(1);
    expect(labelEvery(31)).toBe(4);
    const bars = Array.from({ length: 31 }, (_, index) => day(`2026-12-${String(index + 1).padStart(2, '0')}`, index));
    const xAxis = options(bars).axes![0]!;
    const splits = (xAxis.splits as (self: uPlot, axisIdx: number, min: number, max: number) => number[])(chart, 0, 0, 30);
    expect(splits).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
    expect((xAxis.values as (self: uPlot, splits: number[]) => string[])(chart, splits)[0]).toBe('12-01');
  });

  it('scales values from zero to the largest, with zero, half and top on the axis', () => {
    const bars = [day('2026-12-01', 2), day('2026-12-02', 8)];
    const built = options(bars);
    expect((built.scales!.y!.range as () => [number, number])()).toEqual([0, 8]);
    expect((built.scales!.x!.range as () => [number, number])()).toEqual([-0.5, 1.5]);
    const yAxis = built.axes![1]!;
    const ticks = (yAxis.splits as (self: uPlot, axisIdx: number, min: number, max: number) => number[])(chart, 1, 0, 8);
    expect(ticks).toEqual(valueTicks(8));
    expect((yAxis.values as (self: uPlot, splits: number[]) => string[])(chart, ticks)).toEqual(['R$ 0', 'R$ 4', 'R$ 8']);
  });
});
