// Display formats for the dashboard. Values arrive as exact decimal strings; the screen rounds
// them only for display (small amounts keep more decimals so a few centavos never show as 0,00).
import type { Language } from '#renderer/i18n/defineMessages';

export function formatMoney(value: string | number, currency: 'BRL' | 'USD', language: Language): string {
  const amount = Number(value);
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}

export const formatCount = (value: number, language: Language) => new Intl.NumberFormat(language).format(value);

export const formatPercent = (ratio: number, language: Language) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);

/** "2026-03-19" → "19/03" or "3/19" (the day of a chart bar, read as a calendar date, not an instant). */
export function formatChartDay(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(year!, month! - 1, day!)));
}
