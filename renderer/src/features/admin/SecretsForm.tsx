// Write-only secrets: the screen shows only whether each is set. A typed value is sent once and
// the field is emptied as soon as the server has it, so a saved secret never comes back to the
// screen (the server never returns it either).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useAdminClient } from './useAdminClient';

const SECRETS = [
  { field: 'metaAccessToken', flag: 'hasAccessToken' },
  { field: 'metaVerifyToken', flag: 'hasVerifyToken' },
  { field: 'metaAppSecret', flag: 'hasAppSecret' },
  { field: 'openaiApiKey', flag: 'hasOpenaiApiKey' },
  { field: 'groqApiKey', flag: 'hasGroqApiKey' },
] as const;
type SecretField = (typeof SECRETS)[number]['field'];

export function SecretsForm({ settings }: { settings: RouterOutputs['clients']['settings'] }) {
  const t = useT();
  const { input } = useAdminClient();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Partial<Record<SecretField, string>>>({});
  const [saved, setSaved] = useState(false);
  const replace = useMutation({
    mutationFn: (secrets: Partial<Record<SecretField, string | null>>) => api().clients.replaceSecrets.mutate({ ...input, ...secrets }),
    onSuccess: async () => {
      setValues({});
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['clients', 'settings'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const secrets = Object.fromEntries(Object.entries(values).filter(([, value]) => value && value.trim() !== ''));
    if (Object.keys(secrets).length) replace.mutate(secrets);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="secrets-title" autoComplete="off">
      <h2 id="secrets-title">{t('admin.secrets.title')}</h2>
      <p className="muted small">{t('admin.secrets.help')}</p>
      {SECRETS.map(({ field, flag }) => (
        <div key={field} className="row secret-row">
          <div className="field">
            <label htmlFor={`secret-${field}`}>
              {t(`admin.secrets.${field}` as MessageKey)}{' '}
              <span className={`status-pill ${settings[flag] ? 'humano' : ''}`} data-testid={`secret-status-${field}`}>
                {t(settings[flag] ? 'admin.secrets.set' : 'admin.secrets.unset')}
              </span>
            </label>
            <input
              id={`secret-${field}`}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={t('admin.secrets.placeholder')}
              value={values[field] ?? ''}
              onChange={(event) => setValues({ ...values, [field]: event.target.value })}
            />
          </div>
          {settings[flag] && (
            <button
              type="button"
              className="button-secondary"
              disabled={replace.isPending}
              onClick={() => {
                setSaved(false);
                replace.mutate({ [field]: null });
              }}>
              {t('admin.secrets.clear')}
            </button>
          )}
        </div>
      ))}
      <div className="row">
        <button type="submit" className="button-primary" disabled={replace.isPending}>
          {t('admin.secrets.save')}
        </button>
        {saved && <span role="status">{t('admin.saved')}</span>}
      </div>
      {replace.isError && <ErrorNotice error={replace.error} />}
    </form>
  );
}
