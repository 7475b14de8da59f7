// A light, dependency-free bar chart in SVG: one bar per item, the value on hover (<title>) and
// for screen readers (the list behind it), a few horizontal grid lines with their values.
export type Bar = { key: string; label: string; value: number; display: string };

type Props = { title: string; bars: Bar[]; formatAxis(value: number): string; height?: number; emptyText: string; testId?: string; color?: string };

export function BarChart({ title, bars, formatAxis, height = 180, emptyText, testId, color = 'var(--accent)' }: Props) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  if (bars.length === 0 || max === 0) return <p className="muted" data-testid={testId}>{emptyText}</p>;
  const width = 640;
  const left = 56;
  const bottom = 22;
  const plotHeight = height - bottom - 6;
  const slot = (width - left) / bars.length;
  const barWidth = Math.max(2, Math.min(36, slot * 0.7));
  const labelEvery = Math.ceil(bars.length / 10);
  const grid = [0, 0.5, 1].map((fraction) => fraction * max);
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="none">
        {grid.map((value) => {
          const y = 6 + plotHeight - (value / max) * plotHeight;
          return (
            <g key={value}>
              <line x1={left} x2={width} y1={y} y2={y} className="chart-grid" />
              <text x={left - 6} y={y + 4} textAnchor="end" className="chart-axis">{formatAxis(value)}</text>
            </g>
          );
        })}
        {bars.map((bar, index) => {
          const barHeight = (bar.value / max) * plotHeight;
          const x = left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.key}>
              <rect x={x} y={6 + plotHeight - barHeight} width={barWidth} height={Math.max(barHeight, bar.value > 0 ? 1 : 0)} rx={2} fill={color}
                data-value={bar.value}>
                <title>{`${bar.label}: ${bar.display}`}</title>
              </rect>
              {index % labelEvery === 0 && <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="chart-axis">{bar.label}</text>}
            </g>
          );
        })}
      </svg>
      <ul className="visually-hidden">
        {bars.map((bar) => <li key={bar.key}>{`${bar.label}: ${bar.display}`}</li>)}
      </ul>
    </figure>
  );
}
