// One way to tell an agent something needs them: the desktop shell's native notification, or the
// web Notification API in a browser. Clicking opens the conversation.
import { desktop } from '../desktop/desktopBridge';
import { navigate } from '../router/useLocation';
import { useNotificationPrefs } from './useNotificationPrefs';

export type AgentNotification = { title: string; body: string; conversationId: string };

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
    navigate(`/inbox/${notification.conversationId}`);
    shown.close();
  };
}

/** Desktop: the shell tells us which notification was clicked. */
export function listenToDesktopNotificationClicks(): () => void {
  const shell = desktop();
  if (!shell) return () => {};
  return shell.onNotificationClick((conversationId) => navigate(conversationId ? `/inbox/${conversationId}` : '/inbox'));
}

/** Unread badge on the tray / dock (desktop) or in the tab title (browser). */
export function setUnreadBadge(count: number): void {
  const shell = desktop();
  if (shell) void shell.setBadge(count);
  const base = document.title.replace(/^\(\d+\) /, '');
  document.title = count > 0 ? `(${count}) ${base}` : base;
}
