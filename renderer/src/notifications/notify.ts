// One way to tell an agent something needs them: the desktop shell's native notification, or the
// web Notification API in a browser. Clicking opens the conversation.
import { desktop } from '../desktop/desktopBridge';
import { useNotificationPrefs } from './useNotificationPrefs';

export type AgentNotification = { title: string; body: string; conversationId: string };

/** Opens a conversation (or the inbox); the router's layout supplies it, see connectNotificationClicks. */
type OpenConversation = (conversationId: string | null) => void;
let openConversation: OpenConversation = () => {};

export function notify(notification: AgentNotification): void {
  if (!useNotificationPrefs.getState().enabled) return;
  const shell = desktop();
  if (shell) {
    void shell.notify(notification);
    return;
  }
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const shown = new Notification(notification.title, { body: notification.body, tag: `conversation-${notification.conversationId}` });
  shown.onclick = () => {
    window.focus();
    openConversation(notification.conversationId);
    shown.close();
  };
}

/**
 * Where a click on a notification leads: a browser notification calls `open` itself; on the desktop
 * the shell tells us which notification was clicked. Returns the unsubscribe.
 */
export function connectNotificationClicks(open: OpenConversation): () => void {
  openConversation = open;
  const shell = desktop();
  const stopDesktop = shell ? shell.onNotificationClick((conversationId) => open(conversationId || null)) : () => {};
  return () => {
    if (openConversation === open) openConversation = () => {};
    stopDesktop();
  };
}

/** Unread badge on the tray / dock (desktop) or in the tab title (browser). */
export function setUnreadBadge(count: number): void {
  const shell = desktop();
  if (shell) void shell.setBadge(count);
  const base = document.title.replace(/^\(\d+\) /, '');
  document.title = count > 0 ? `(${count}) ${base}` : base;
}
