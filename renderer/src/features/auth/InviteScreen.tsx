import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { errorMessage } from '#renderer/api/errorMessage';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { useSession } from '#renderer/session/useSession';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { LanguagePicker } from '../settings/LanguagePicker';
import { inviteTokenFromHash } from './inviteLink';

/** `/invite#<token>`: shows who invited whom, then sets the password and signs in. */
export function InviteScreen() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const hash = useLocation({ select: (location) => location.hash });
  const navigate = useNavigate();
  const token = inviteTokenFromHash(hash);
  const signIn = useSession((state) => state.signIn);
  const queryClient = useQueryClient();
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const invite = useQuery({
    queryKey: ['invites', 'inspect', token],
    // inspect is a POST (the token stays out of URLs); it changes nothing, so it can still load like a query.
    queryFn: () => api().invites.inspect.mutate({ token: token! }),
    enabled: token !== null,
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () => api().invites.accept.mutate({ token: token!, password, fullName }),
    onSuccess: () => {
      queryClient.clear();
      signIn(); // the server set the session cookie
      void navigate({ to: '/', replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return setMismatch(true);
    setMismatch(false);
    accept.mutate();
  };

  return (
    <main className="auth-screen" id="main">
      <header className="auth-header">
        <h1>{t('app.name')}</h1>
        <LanguagePicker compact />
      </header>
      <section className="card auth-card stack" aria-labelledby="invite-title">
        {token === null && <p role="alert">{t('auth.invite.missing')}</p>}
        {invite.isPending && token !== null && <p>{t('common.loading')}</p>}
        {invite.isError && (
          <>
            <h2 id="invite-title">{t('auth.title')}</h2>
            <p role="alert" className="notice notice-error">
              {t('auth.invite.invalid', { reason: errorMessage(invite.error) })}
            </p>
          </>
        )}
        {invite.data && (
          <>
            <h2 id="invite-title">{t('auth.invite.title', { client: invite.data.clientName })}</h2>
            <p>{t('auth.invite.intro', { role: t(`role.${invite.data.role}`), email: invite.data.email })}</p>
            <p className="muted small">{t('auth.invite.expires', { date: formatDateTime(String(invite.data.expiresAt), language) })}</p>
            <form className="stack" onSubmit={submit}>
              <input type="email" autoComplete="username" value={invite.data.email} readOnly hidden />
              <Field
                label={t('auth.invite.name')}
                autoComplete="name"
                required
                value={fullName}
                onChange={(event) => setFullName(event.target.value)}
                autoFocus
              />
              <Field
                label={t('auth.invite.password')}
                type="password"
                autoComplete="new-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <Field
                label={t('auth.invite.confirm')}
                type="password"
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(event) => setConfirm(event.target.value)}
                error={mismatch ? t('auth.invite.mismatch') : null}
              />
              {accept.isError && <ErrorNotice error={accept.error} />}
              <button type="submit" className="button-primary" disabled={accept.isPending}>
                {accept.isPending ? t('auth.invite.accepting') : t('auth.invite.accept')}
              </button>
            </form>
          </>
        )}
        <Link to="/" className="button-link">
          {t('auth.invite.toSignIn')}
        </Link>
      </section>
    </main>
  );
}
