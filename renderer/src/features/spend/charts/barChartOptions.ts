// uPlot options for a bar chart of categories (days): one bar per item at x = its index, the value
// axis from zero to the largest value, and only every n-th category labelled so the labels do not
// overlap. Pure (uPlot's own code is passed in), so the layout rules are unit-tested without a canvas.
import type uPlot from 'uplot';

export type Bar = { key: string; label: string; value: number; display: string };

export type BarChartLayout = {
  bars: Bar[];
  width: number;
  height: number;
  /** Concrete CSS colours (bars, axis labels): a canvas cannot resolve `var(--…)`. */
  color: string;
  textColor: string;
  formatAxis(value: number): string;
  /** uPlot.paths.bars, passed in so this module stays free of uPlot's runtime. */
  barsPath: uPlot.Series.BarsPathBuilderFactory;
};

const AXIS_FONT = '11px system-ui, sans-serif';

/** At most about ten category labels, whatever the number of bars. */
export const labelEvery = (count: number) => Math.max(1, Math.ceil(count / 10));

/** The values uPlot plots: x = the bar's index, y = its value. */
export const barChartData = (bars: Bar[]): uPlot.AlignedData => [bars.map((_, index) => index), bars.map((bar) => bar.value)];

/** The value axis' ticks: zero, half and the top, like the grid lines the chart always had. */
export const valueTicks = (max: number) => (max > 0 ? [0, max / 2, max] : [0]);

export function barChartOptions({ bars, width, height, color, textColor, formatAxis, barsPath }: BarChartLayout): uPlot.Options {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const every = labelEvery(bars.length);
  return {
    width,
    height,
    legend: { show: false },
    // Hover shows the bar's value (the component draws the tooltip); no zooming a category axis.
    cursor: { x: false, y: false, drag: { x: false, y: false }, points: { show: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [-0.5, bars.length - 0.5] },
      y: { range: () => [0, max > 0 ? max : 1] },
    },
    axes: [
      {
        splits: () => bars.map((_, index) => index).filter((index) => index % every === 0),
        values: (_chart, splits) => splits.map((index) => bars[index]?.label ?? ''),
        grid: { show: false },
        ticks: { show: false },
        stroke: textColor,
        font: AXIS_FONT,
        size: 28,
      },
      {
        splits: () => valueTicks(max),
        values: (_chart, splits) => splits.map((value) => formatAxis(value)),
        grid: { stroke: '#e6e9ed', width: 1 },
        ticks: { show: false },
        stroke: textColor,
        font: AXIS_FONT,
        size: 64,
      },
    ],
    series: [{}, { fill: color, stroke: color, width: 0, paths: barsPath({ size: [0.7, 36, 2], radius: 0.1 }), points: { show: false } }],
  };
}
