import { desktop, desktopServer } from '#renderer/desktop/desktopBridge';
import { useT } from '#renderer/i18n/useI18n';
import { useMe } from '../auth/useMe';
import { LanguagePicker } from './LanguagePicker';
import { NotificationSettings } from './NotificationSettings';
import { TakeoverPolicySettings } from './TakeoverPolicySettings';
import { roleAtLeast } from '#shared/domain/roles.js';

export default function SettingsScreen() {
  const t = useT();
  const me = useMe().data;
  const shell = desktop();
  const server = desktopServer();
  return (
    <div className="page">
      <h1>{t('settings.title')}</h1>
      <div className="settings-grid">
        <fieldset className="card stack">
          <legend>{t('settings.language')}</legend>
          <LanguagePicker />
        </fieldset>
        <NotificationSettings />
        {me?.role && roleAtLeast(me.role, 'admin') && <TakeoverPolicySettings />}
        <section className="card stack" aria-labelledby="account-title">
          <h2 id="account-title">{t('settings.account')}</h2>
          {me && <p>{t('settings.account.email', { email: me.email })}</p>}
          {me?.role && <p>{t('settings.account.role', { role: t(`role.${me.role}`) })}</p>}
          <p>{t('settings.account.server', { url: window.location.host })}</p>
          {server && <p className="muted">{t(server.mode === 'local' ? 'settings.account.mode.local' : 'settings.account.mode.remote')}</p>}
          {shell && <p className="muted small">{t('settings.version', { version: shell.appVersion })}</p>}
        </section>
      </div>
    </div>
  );
}
