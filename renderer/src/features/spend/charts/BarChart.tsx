// A bar chart drawn by uPlot (canvas, small and fast): one bar per item, the value in a tooltip on
// hover, a few horizontal grid lines with their values, redrawn at the container's width. Screen
// readers get the same figures as a list (the canvas is one labelled image).
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { barChartData, barChartOptions, type Bar } from './barChartOptions';

export type { Bar } from './barChartOptions';

type Props = { title: string; bars: Bar[]; formatAxis(value: number): string; height?: number; emptyText: string; testId?: string; color?: string };

export function BarChart({ title, bars, formatAxis, height = 180, emptyText, testId, color = 'var(--accent)' }: Props) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  if (bars.length === 0 || max === 0)
    return (
      <p className="muted" data-testid={testId}>
        {emptyText}
      </p>
    );
  return (
    <figure className="chart" data-testid={testId}>
      <BarPlot title={title} bars={bars} formatAxis={formatAxis} height={height} color={color} />
      <ul className="visually-hidden">
        {bars.map((bar) => (
          <li key={bar.key} data-value={bar.value}>{`${bar.label}: ${bar.display}`}</li>
        ))}
      </ul>
    </figure>
  );
}

/** The hovered bar and where its tooltip goes, in the container's pixels. */
type Hover = { index: number; left: number; top: number };

function BarPlot({ title, bars, formatAxis, height, color }: { title: string; bars: Bar[]; formatAxis(value: number): string; height: number; color: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  // The chart is rebuilt when what it shows changes (a new period), not on every render of the page.
  const shape = JSON.stringify(bars.map((bar) => [bar.key, bar.label, bar.value]));
  // The bars and axis format as of the latest render, read when the chart is built: a new array of
  // the same bars, or a new formatter function, does not rebuild it.
  const latest = useEffectEvent(() => ({ bars, formatAxis }));

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const { bars: shown, formatAxis: format } = latest();
    const options = barChartOptions({
      bars: shown,
      width: element.clientWidth || 640,
      height,
      color: resolveColor(element, color, '#0b7a5a'),
      textColor: resolveColor(element, 'var(--muted)', '#5b6470'),
      formatAxis: format,
      barsPath: uPlot.paths.bars!,
    });
    options.hooks = {
      setCursor: [
        (chart) => {
          const index = chart.cursor.idx;
          if (index === null || index === undefined || chart.cursor.left === undefined || chart.cursor.left < 0) return setHover(null);
          // Cursor positions are measured in uPlot's plotting area; the tooltip sits in the container.
          const offset = plotOffset(element);
          setHover({ index, left: offset.left + chart.valToPos(index, 'x'), top: offset.top + chart.valToPos(shown[index]?.value ?? 0, 'y') });
        },
      ],
    };
    const chart = new uPlot(options, barChartData(shown), element);
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      setHover(null);
    };
  }, [shape, height, color]);

  const hovered = hover ? bars[hover.index] : undefined;
  return (
    <div className="chart-plot" role="img" aria-label={title} onMouseLeave={() => setHover(null)}>
      <div ref={container} />
      {hover && hovered && (
        <div className="chart-tooltip" style={{ left: hover.left, top: hover.top }}>
          {`${hovered.label}: ${hovered.display}`}
        </div>
      )}
    </div>
  );
}

/** Where uPlot's plotting area (`.u-over`, in which cursor positions are measured) sits in the container. */
function plotOffset(element: HTMLElement): { left: number; top: number } {
  const over = element.querySelector<HTMLElement>('.u-over');
  return over ? { left: over.offsetLeft, top: over.offsetTop } : { left: 0, top: 0 };
}

/** `var(--accent)` → the custom property's value: canvas colours must be concrete. */
function resolveColor(element: HTMLElement, color: string, fallback: string): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(color.trim());
  if (!variable) return color;
  return getComputedStyle(element).getPropertyValue(variable[1]!).trim() || fallback;
}
