import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { LANGUAGES, type Language } from '#renderer/i18n/defineMessages';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { useSession } from '#renderer/session/useSession';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { PasswordRulesList } from './PasswordRulesList';
import { checkSetupFields, type FieldErrors, type SetupFields } from './setupForm';

/**
 * The first-run set-up (while the server has no account): business, owner account, language,
 * sample content, and the set-up token when the server asks for one. On success the owner is
 * signed in (the server set the session cookie).
 */
export function SetupScreen({ tokenRequired, onAlreadySetUp }: { tokenRequired: boolean; onAlreadySetUp(): void }) {
  const t = useT();
  const { language, setLanguage } = useI18n();
  const languageId = useId();
  const rulesId = useId();
  const passwordId = useId();
  const signIn = useSession((state) => state.signIn);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [fields, setFields] = useState<SetupFields>({ businessName: '', fullName: '', email: '', password: '', setupToken: '' });
  const [sampleContent, setSampleContent] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof SetupFields) => (event: { target: { value: string } }) => {
    setFields((current) => ({ ...current, [name]: event.target.value }));
    // A field being corrected loses its error (the next submit checks again); the e-mail is part of a password rule.
    setErrors(({ [name]: _fixed, ...rest }) => (name === 'email' ? { ...rest, password: undefined } : rest));
  };

  const complete = useMutation({
    mutationFn: () =>
      api().setup.complete.mutate({
        businessName: fields.businessName,
        fullName: fields.fullName,
        email: fields.email,
        password: fields.password,
        language,
        sampleContent,
        ...(tokenRequired ? { setupToken: fields.setupToken } : {}),
      }),
    onSuccess: () => {
      queryClient.clear();
      // After the set-up: the test phone, the quickest way to see the bot answer.
      void navigate({ to: '/test-phone/{-$customerId}', replace: true });
      signIn();
    },
    onError: (error) => {
      if (errorCode(error) === 'FORBIDDEN') setErrors({ setupToken: 'setup.error.tokenWrong' });
    },
  });
  const conflict = complete.isError && errorCode(complete.error) === 'CONFLICT';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkSetupFields(fields, tokenRequired);
    setErrors(found);
    if (Object.keys(found).length === 0) complete.mutate();
  };
  const errorOf = (name: keyof SetupFields) => (errors[name] ? t(errors[name]) : null);

  return (
    <main className="auth-screen" id="main">
      <header className="auth-header">
        <h1>{t('app.name')}</h1>
      </header>
      <section className="card auth-card stack" aria-labelledby="setup-title">
        <h2 id="setup-title">{t('setup.title')}</h2>
        <p className="muted">{t('setup.intro')}</p>
        <form className="stack" onSubmit={submit} noValidate aria-label={t('setup.title')}>
          <div className="field">
            <label htmlFor={languageId}>{t('setup.language')}</label>
            <select id={languageId} value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              {LANGUAGES.map((option) => (
                <option key={option} value={option} lang={option}>
                  {t(`settings.language.${option}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('setup.businessName')}
            autoComplete="organization"
            value={fields.businessName}
            onChange={set('businessName')}
            error={errorOf('businessName')}
            autoFocus
          />
          <Field label={t('setup.fullName')} autoComplete="name" value={fields.fullName} onChange={set('fullName')} error={errorOf('fullName')} />
          <Field label={t('setup.email')} type="email" autoComplete="username" value={fields.email} onChange={set('email')} error={errorOf('email')} />
          <Field
            id={passwordId}
            label={t('setup.password')}
            type="password"
            autoComplete="new-password"
            value={fields.password}
            onChange={set('password')}
            error={errorOf('password')}
            aria-describedby={errors.password ? `${passwordId}-error ${rulesId}` : rulesId}
          />
          <PasswordRulesList id={rulesId} password={fields.password} email={fields.email} />
          {tokenRequired && (
            <Field
              label={t('setup.token')}
              autoComplete="off"
              spellCheck={false}
              value={fields.setupToken}
              onChange={set('setupToken')}
              error={errorOf('setupToken')}
              hint={t('setup.tokenHint')}
            />
          )}
          <label className="checkbox">
            <input type="checkbox" checked={sampleContent} onChange={(event) => setSampleContent(event.target.checked)} /> {t('setup.sampleContent')}
          </label>
          {conflict ? (
            <div className="notice notice-error" role="alert">
              <span>{t('setup.error.alreadySetUp')}</span>
              <button type="button" className="button-link" onClick={onAlreadySetUp}>
                {t('setup.toSignIn')}
              </button>
            </div>
          ) : (
            complete.isError && errorCode(complete.error) !== 'FORBIDDEN' && <ErrorNotice error={complete.error} />
          )}
          <button type="submit" className="button-primary" disabled={complete.isPending}>
            {complete.isPending ? t('setup.submitting') : t('setup.submit')}
          </button>
        </form>
      </section>
    </main>
  );
}
