// A client's settings: name, time zone, WhatsApp number, provider models and alert destinations.
// The bot's configuration (prompts included) has its own typed form (the Bot tab) and secrets their
// own, write-only form (SecretsForm).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { NoProviderBanner } from '../aiProviders';
import { SecretsForm } from './SecretsForm';
import { useAdminClient } from './useAdminClient';

type Settings = RouterOutputs['clients']['settings'];
const TEXT_FIELDS = [
  'name',
  'timezone',
  'metaPhoneNumberId',
  'metaDisplayPhone',
  'metaWabaId',
  'openaiModel',
  'groqModel',
  'notificationEmail',
  'notificationWebhookUrl',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export function ClientSettingsPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['clients', 'settings', clientId], queryFn: () => api().clients.settings.query(input) });
  const [draft, setDraft] = useState<Record<TextField, string>>(() => emptyDraft());
  const [provider, setProvider] = useState('');
  const [saved, setSaved] = useState(false);
  // The form starts again from the server's settings whenever they change (loaded, saved, refetched
  // with news), adjusted while rendering rather than one render later in an effect.
  const [loaded, setLoaded] = useState<Settings | undefined>(undefined);
  if (settings.data && settings.data !== loaded) {
    setLoaded(settings.data);
    setDraft(draftOf(settings.data));
    setProvider(settings.data.primaryModelProvider ?? '');
  }
  const save = useMutation({
    mutationFn: (changes: Parameters<ReturnType<typeof api>['clients']['updateSettings']['mutate']>[0]) => api().clients.updateSettings.mutate(changes),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['clients', 'settings'] });
    },
  });
  if (settings.isPending) return <p>{t('common.loading')}</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const changes: Record<string, unknown> = { ...input };
    for (const field of TEXT_FIELDS) {
      const value = draft[field].trim();
      const before = (settings.data[field] ?? '') as string;
      if (value !== before) changes[field] = value === '' && field !== 'name' && field !== 'timezone' ? null : value;
    }
    if ((settings.data.primaryModelProvider ?? '') !== provider) changes.primaryModelProvider = provider || null;
    save.mutate(changes as never);
  };
  const field = (name: TextField, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} {...extra} />
  );
  return (
    <div className="stack">
      <NoProviderBanner />
      <form className="card stack" onSubmit={submit} aria-label={t('admin.tab.settings')}>
        <h2>{t('admin.settings.general')}</h2>
        <div className="row">
          {field('name', t('admin.settings.name'), { required: true })}
          {field('timezone', t('admin.settings.timezone'))}
        </div>
        <h2>{t('admin.settings.whatsapp')}</h2>
        <div className="row">
          {field('metaPhoneNumberId', t('admin.settings.phoneNumberId'), { inputMode: 'numeric' })}
          {field('metaDisplayPhone', t('admin.settings.displayPhone'))}
          {field('metaWabaId', t('admin.settings.wabaId'), { inputMode: 'numeric' })}
        </div>
        <h2>{t('admin.settings.models')}</h2>
        <div className="row">
          <div className="field">
            <label htmlFor="setting-provider">{t('admin.settings.provider')}</label>
            <select id="setting-provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
              <option value="">—</option>
              <option value="gateway">{t('admin.settings.provider.gateway')}</option>
              <option value="openai">{t('aiProviders.kind.openai')}</option>
              <option value="groq">{t('aiProviders.kind.groq')}</option>
            </select>
          </div>
          {field('openaiModel', t('admin.settings.openaiModel'))}
          {field('groqModel', t('admin.settings.groqModel'))}
        </div>
        <h2>{t('admin.settings.notifications')}</h2>
        <div className="row">
          {field('notificationEmail', t('admin.settings.notificationEmail'), { type: 'email' })}
          {field('notificationWebhookUrl', t('admin.settings.notificationWebhook'), { type: 'url' })}
        </div>
        <div className="row">
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {saved && <span role="status">{t('admin.saved')}</span>}
        </div>
        {save.isError && <ErrorNotice error={save.error} />}
      </form>
      <SecretsForm settings={settings.data} />
    </div>
  );
}

const emptyDraft = () => Object.fromEntries(TEXT_FIELDS.map((name) => [name, ''])) as Record<TextField, string>;
const draftOf = (settings: Settings) => Object.fromEntries(TEXT_FIELDS.map((name) => [name, (settings[name] ?? '') as string])) as Record<TextField, string>;
