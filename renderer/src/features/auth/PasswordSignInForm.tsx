import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { useSession } from '#renderer/session/useSession';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

/** Email and password against this page's server. */
export function PasswordSignInForm() {
  const t = useT();
  const signIn = useSession((state) => state.signIn);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api().auth.login.mutate({ email, password }),
    // The server set the session cookie; the token in the answer is for API clients and is not kept.
    onSuccess: () => {
      queryClient.clear();
      signIn();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label={t('auth.title')}>
      <Field label={t('auth.email')} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
      <Field
        label={t('auth.password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {login.isError && <ErrorNotice error={login.error} />}
      <button type="submit" className="button-primary" disabled={login.isPending}>
        {login.isPending ? t('auth.signingIn') : t('auth.submit')}
      </button>
      <p className="muted small">{t('auth.server', { url: window.location.host })}</p>
    </form>
  );
}
