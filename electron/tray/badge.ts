/** What the tray tooltip and the dock / taskbar badge show for a number of waiting conversations. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

export function trayTooltip(count: number, locale: string): string {
  const portuguese = locale.toLowerCase().startsWith('pt');
  if (count <= 0) return 'UZZ.AI';
  const n = badgeText(count);
  return portuguese ? `UZZ.AI: ${n} conversa(s) esperando` : `UZZ.AI: ${n} conversation(s) waiting`;
}

/** Validates the renderer's number before it reaches the OS (it crosses the IPC boundary). */
export function parseBadgeCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000 ? value : null;
}
