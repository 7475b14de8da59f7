import { desktop, desktopServer, launchToken } from '#renderer/desktop/desktopBridge';
import { useT } from '#renderer/i18n/useI18n';
import { LanguagePicker } from '../settings/LanguagePicker';
import { LocalSignIn } from './LocalSignIn';
import { PasswordSignInForm } from './PasswordSignInForm';
import { ServerProfilesPanel } from './ServerProfilesPanel';

/**
 * The desktop app's local server offers "this computer" and the remote profiles; a remote server
 * (in the desktop app or a browser) asks for email and password.
 */
export function SignInScreen() {
  const t = useT();
  const localToken = launchToken();
  const inDesktop = desktop() !== null;
  return (
    <main className="auth-screen" id="main">
      <header className="auth-header">
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('auth.subtitle')}</p>
        <LanguagePicker compact />
      </header>
      {localToken ? (
        <div className="auth-columns">
          <LocalSignIn launchToken={localToken} />
          <ServerProfilesPanel />
        </div>
      ) : (
        <section className="card auth-card" aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">{t('auth.title')}</h2>
          <PasswordSignInForm />
          {inDesktop && desktopServer()?.mode === 'remote' && (
            <button type="button" className="button-link" onClick={() => void desktop()?.openServer(null)}>
              {t('auth.switchServer')}
            </button>
          )}
        </section>
      )}
    </main>
  );
}
