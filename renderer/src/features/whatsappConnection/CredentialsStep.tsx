// Step 1: the ids and the write-only secrets. Fields are checked here first (in the user's
// language), then by the server; "check with Meta" tries the typed values before anything is saved.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { VerifyAnswer } from './VerifyAnswer';
import type { Connection } from './useConnection';

type Draft = { phoneNumberId: string; wabaId: string; accessToken: string; appSecret: string };
type Errors = Partial<Record<keyof Draft, MessageKey>>;

const ID = /^\d{5,30}$/;
const noSpaces = (value: string) => !/\s/.test(value);

function validate(draft: Draft, connection: Connection): Errors {
  const errors: Errors = {};
  if (!ID.test(draft.phoneNumberId.trim())) errors.phoneNumberId = 'whatsappConnection.invalid.phoneNumberId';
  if (draft.wabaId.trim() !== '' && !ID.test(draft.wabaId.trim())) errors.wabaId = 'whatsappConnection.invalid.wabaId';
  const token = draft.accessToken.trim();
  if (token === '' && !connection.tokenSet) errors.accessToken = 'whatsappConnection.missing.accessToken';
  else if (token !== '' && (token.length < 10 || !noSpaces(token))) errors.accessToken = 'whatsappConnection.invalid.accessToken';
  const secret = draft.appSecret.trim();
  if (secret === '' && !connection.appSecretSet && !connection.platformAppSecret) errors.appSecret = 'whatsappConnection.missing.appSecret';
  else if (secret !== '' && (secret.length < 8 || !noSpaces(secret))) errors.appSecret = 'whatsappConnection.invalid.appSecret';
  return errors;
}

export function CredentialsStep({ connection, input, onSaved }: { connection: Connection; input: { clientId?: string }; onSaved: () => Promise<void> }) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>({ phoneNumberId: connection.phoneNumberId ?? '', wabaId: connection.wabaId ?? '', accessToken: '', appSecret: '' });
  const [errors, setErrors] = useState<Errors>({});
  const values = () => ({
    phoneNumberId: draft.phoneNumberId.trim(),
    wabaId: draft.wabaId.trim() === '' ? null : draft.wabaId.trim(),
    ...(draft.accessToken.trim() ? { accessToken: draft.accessToken.trim() } : {}),
  });
  const check = useMutation({ mutationFn: () => api().whatsappConnection.verify.mutate({ ...input, ...values() }) });
  const save = useMutation({
    mutationFn: () => api().whatsappConnection.save.mutate({ ...input, ...values(), ...(draft.appSecret.trim() ? { appSecret: draft.appSecret.trim() } : {}) }),
    onSuccess: async () => {
      // Typed secrets leave the screen as soon as the server has them.
      setDraft((current) => ({ ...current, accessToken: '', appSecret: '' }));
      await onSaved();
    },
  });
  const valid = () => {
    const found = validate(draft, connection);
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid()) save.mutate();
  };
  const field = (name: keyof Draft, extra: Record<string, unknown> = {}) => (
    <Field
      label={t(`whatsappConnection.${name}` as MessageKey)}
      hint={t(`whatsappConnection.${name}.hint` as MessageKey)}
      value={draft[name]}
      error={errors[name] ? t(errors[name]) : null}
      onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      spellCheck={false}
      autoComplete="off"
      {...extra}
    />
  );
  const secret = (name: 'accessToken' | 'appSecret', isSet: boolean) => (
    <div className="stack secret-field">
      <span className={`status-pill ${isSet ? 'humano' : ''}`} data-testid={`wizard-${name}-status`}>
        {t(isSet ? 'whatsappConnection.set' : 'whatsappConnection.unset')}
      </span>
      {field(name, {
        type: 'password',
        autoComplete: 'new-password',
        placeholder: t(isSet ? 'whatsappConnection.secretPlaceholder' : 'whatsappConnection.secretPlaceholderEmpty'),
      })}
    </div>
  );
  return (
    <form className="stack" onSubmit={submit} autoComplete="off" aria-labelledby="wizard-credentials-title" noValidate>
      <h3 id="wizard-credentials-title">{t('whatsappConnection.step.credentials')}</h3>
      <p className="muted small">{t('whatsappConnection.credentials.help')}</p>
      <div className="row">
        {field('phoneNumberId', { inputMode: 'numeric', required: true })}
        {field('wabaId', { inputMode: 'numeric' })}
      </div>
      {secret('accessToken', connection.tokenSet)}
      {secret('appSecret', connection.appSecretSet)}
      <div className="row">
        <button
          type="button"
          className="button-secondary"
          disabled={check.isPending}
          onClick={() => {
            check.reset();
            if (valid()) check.mutate();
          }}>
          {t('whatsappConnection.checkValues')}
        </button>
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('whatsappConnection.saveContinue')}
        </button>
      </div>
      {check.data && <VerifyAnswer answer={check.data} />}
      {check.isError && <ErrorNotice error={check.error} />}
      {save.isError &&
        (errorCode(save.error) === 'CONFLICT' ? (
          <div className="notice notice-error" role="alert">
            {t('whatsappConnection.error.conflict')}
          </div>
        ) : (
          <ErrorNotice error={save.error} />
        ))}
    </form>
  );
}
