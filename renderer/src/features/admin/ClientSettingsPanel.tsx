// A client's settings: WhatsApp number, prompts, models, alert destinations and the bot's
// configuration (the settings JSON). Secrets live in their own, write-only form (SecretsForm).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/api';
import type { RouterOutputs } from '../../api/createApiClient';
import { useT } from '../../i18n/useI18n';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { NoProviderBanner } from '../aiProviders';
import { SecretsForm } from './SecretsForm';
import { useAdminClient } from './useAdminClient';

type Settings = RouterOutputs['clients']['settings'];
const TEXT_FIELDS = ['name', 'timezone', 'metaPhoneNumberId', 'metaDisplayPhone', 'metaWabaId', 'openaiModel', 'groqModel', 'notificationEmail', 'notificationWebhookUrl', 'systemPrompt', 'formatterPrompt'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export function ClientSettingsPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['clients', 'settings', clientId], queryFn: () => api().clients.settings.query(input) });
  const [draft, setDraft] = useState<Record<TextField, string>>(() => emptyDraft());
  const [provider, setProvider] = useState('');
  const [bot, setBot] = useState('{}');
  const [botError, setBotError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setDraft(draftOf(settings.data));
    setProvider(settings.data.primaryModelProvider ?? '');
    setBot(JSON.stringify(settings.data.settings ?? {}, null, 2));
  }, [settings.data]);
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(bot);
    } catch {
      parsed = null;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setBotError(t('admin.settings.botInvalid'));
      return;
    }
    setBotError(null);
    const changes: Record<string, unknown> = { ...input };
    for (const field of TEXT_FIELDS) {
      const value = draft[field].trim();
      const before = (settings.data[field] ?? '') as string;
      if (value !== before) changes[field] = value === '' && field !== 'name' && field !== 'timezone' ? null : value;
    }
    if ((settings.data.primaryModelProvider ?? '') !== provider) changes.primaryModelProvider = provider || null;
    if (JSON.stringify(parsed) !== JSON.stringify(settings.data.settings ?? {})) changes.settings = parsed;
    save.mutate(changes as never);
  };
  const field = (name: TextField, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} {...extra} />
  );
  const area = (name: TextField, label: string) => (
    <div className="field">
      <label htmlFor={`setting-${name}`}>{label}</label>
      <textarea id={`setting-${name}`} rows={5} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </div>
  );
  return (
    <div className="stack">
      <NoProviderBanner />
      <form className="card stack" onSubmit={submit} aria-label={t('admin.tab.settings')}>
        <h2>{t('admin.settings.general')}</h2>
        <div className="row">{field('name', t('admin.settings.name'), { required: true })}{field('timezone', t('admin.settings.timezone'))}</div>
        <h2>{t('admin.settings.whatsapp')}</h2>
        <div className="row">
          {field('metaPhoneNumberId', t('admin.settings.phoneNumberId'), { inputMode: 'numeric' })}
          {field('metaDisplayPhone', t('admin.settings.displayPhone'))}
          {field('metaWabaId', t('admin.settings.wabaId'), { inputMode: 'numeric' })}
        </div>
        <h2>{t('admin.settings.prompts')}</h2>
        {area('systemPrompt', t('admin.settings.systemPrompt'))}
        {area('formatterPrompt', t('admin.settings.formatterPrompt'))}
        <h2>{t('admin.settings.models')}</h2>
        <div className="row">
          <div className="field">
            <label htmlFor="setting-provider">{t('admin.settings.provider')}</label>
            <select id="setting-provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
              <option value="">—</option>
              <option value="gateway">gateway</option>
              <option value="openai">openai</option>
              <option value="groq">groq</option>
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
        <div className="field">
          <label htmlFor="setting-bot">{t('admin.settings.bot')}</label>
          <textarea id="setting-bot" rows={6} className="mono" value={bot} onChange={(event) => setBot(event.target.value)}
            aria-invalid={botError ? true : undefined} />
          {botError && <p className="field-error" role="alert">{botError}</p>}
        </div>
        <div className="row">
          <button type="submit" className="button-primary" disabled={save.isPending}>{t('common.save')}</button>
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
