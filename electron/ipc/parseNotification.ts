import type { DesktopNotification } from '../desktopApi.js';

/** The renderer's notification, checked and trimmed before it reaches the OS. */
export function parseNotification(value: unknown): DesktopNotification | null {
  if (typeof value !== 'object' || value === null) return null;
  const { title, body, conversationId } = value as Record<string, unknown>;
  if (typeof title !== 'string' || typeof body !== 'string' || !title.trim()) return null;
  if (conversationId !== undefined && (typeof conversationId !== 'string' || !/^[\w-]{1,64}$/.test(conversationId))) return null;
  return { title: title.slice(0, 120), body: body.slice(0, 400), ...(conversationId ? { conversationId } : {}) };
}
