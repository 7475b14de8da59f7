// Ranked horizontal bars (per model, per provider): label, bar proportional to the largest, value.
export type RankedItem = { key: string; label: string; value: number; display: string; detail?: string };

export function HorizontalBars({ items, emptyText, testId }: { items: RankedItem[]; emptyText: string; testId?: string }) {
  const max = Math.max(0, ...items.map((item) => item.value));
  if (items.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        {emptyText}
      </p>
    );
  return (
    <ul className="ranked" data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className="ranked-item">
          <span className="ranked-label">{item.label}</span>
          <span className="ranked-track" aria-hidden="true">
            <span className="ranked-fill" style={{ width: `${max === 0 ? 0 : Math.max(1, (item.value / max) * 100)}%` }} />
          </span>
          <span className="ranked-value">
            {item.display}
            {item.detail && <span className="muted small"> · {item.detail}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
