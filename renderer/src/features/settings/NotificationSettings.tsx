import { useState } from 'react';
import { desktop } from '#renderer/desktop/desktopBridge';
import { useT } from '#renderer/i18n/useI18n';
import { useNotificationPrefs } from '#renderer/notifications/useNotificationPrefs';
import { PushPreferences } from './PushPreferences';

export function NotificationSettings() {
  const t = useT();
  const { enabled, setEnabled } = useNotificationPrefs();
  const supported = desktop() !== null || typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'default' : Notification.permission));
  const toggle = async (next: boolean) => {
    setEnabled(next);
    // The browser asks only in answer to a click, so the permission request lives here.
    if (next && !desktop() && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      setPermission(await Notification.requestPermission());
    }
  };
  return (
    <fieldset className="card stack">
      <legend>{t('settings.notifications')}</legend>
      {!supported ? (
        <p className="muted">{t('settings.notifications.unsupported')}</p>
      ) : (
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => void toggle(event.target.checked)} />
          {t('settings.notifications.enable')}
        </label>
      )}
      {!desktop() && permission === 'denied' && <p className="notice">{t('settings.notifications.denied')}</p>}
      <PushPreferences />
    </fieldset>
  );
}
