// Voice: transcription of the audio customers send and voice-note answers, checked with the
// schema the server enforces (shared/voice) so each field shows its own error.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { voiceSettingsSchema, type VoiceSettings } from '#shared/voice/voiceSettings.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../admin/useAdminClient';
import { numberOrNull } from './fieldErrors';
import { SaveRow } from './SaveRow';
import { useSettingsDraft } from './useSettingsDraft';

type Draft = Omit<VoiceSettings, 'transcriptionLanguage' | 'ttsMaxCharacters'> & { transcriptionLanguage: string; ttsMaxCharacters: string };

const draftOf = (settings: VoiceSettings): Draft => ({
  ...settings,
  transcriptionLanguage: settings.transcriptionLanguage ?? '',
  ttsMaxCharacters: String(settings.ttsMaxCharacters),
});

export function VoiceSettingsForm() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const key = ['voice', 'settings', clientId];
  const settings = useQuery({ queryKey: key, queryFn: () => api().voice.settings.query(input) });
  const { draft, change, errors, saved, submit, save } = useSettingsDraft({
    ready: settings.isSuccess,
    source: settings.data,
    toDraft: (source) => draftOf(source!),
    parse: (current: Draft) =>
      voiceSettingsSchema.safeParse({
        ...current,
        transcriptionLanguage: current.transcriptionLanguage.trim() || null,
        ttsMaxCharacters: numberOrNull(current.ttsMaxCharacters) ?? Number.NaN,
      }),
    save: (values: VoiceSettings) => api().voice.updateSettings.mutate({ ...input, ...values }),
    onSaved: (next) => queryClient.setQueryData(key, next),
  });
  if (settings.isPending) return <p>{t('common.loading')}</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!draft) return null;

  const check = (name: 'transcriptionEnabled' | 'ttsEnabled' | 'ttsAlsoText', label: string) => (
    <label className="checkbox">
      <input type="checkbox" checked={draft[name]} onChange={(event) => change({ [name]: event.target.checked })} />
      <span>{label}</span>
    </label>
  );
  const text = (name: 'transcriptionModel' | 'transcriptionLanguage' | 'ttsModel' | 'ttsVoice' | 'ttsMaxCharacters', label: string) => (
    <Field label={label} value={draft[name]} error={errors[name]} onChange={(event) => change({ [name]: event.target.value })} />
  );
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('voiceSettings.title')} noValidate>
      <h2>{t('voiceSettings.title')}</h2>
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          {t('settingsForms.fixErrors')}
        </p>
      )}
      {check('transcriptionEnabled', t('voiceSettings.transcriptionEnabled'))}
      <div className="row">
        {text('transcriptionModel', t('voiceSettings.transcriptionModel'))}
        {text('transcriptionLanguage', t('voiceSettings.transcriptionLanguage'))}
      </div>
      {check('ttsEnabled', t('voiceSettings.ttsEnabled'))}
      <div className="row">
        <div className="field">
          <label htmlFor="voice-reply-when">{t('voiceSettings.ttsReplyWhen')}</label>
          <select id="voice-reply-when" value={draft.ttsReplyWhen} onChange={(event) => change({ ttsReplyWhen: event.target.value as Draft['ttsReplyWhen'] })}>
            <option value="audio">{t('voiceSettings.ttsReplyWhen.audio')}</option>
            <option value="always">{t('voiceSettings.ttsReplyWhen.always')}</option>
          </select>
        </div>
        {text('ttsModel', t('voiceSettings.ttsModel'))}
        {text('ttsVoice', t('voiceSettings.ttsVoice'))}
        {text('ttsMaxCharacters', t('voiceSettings.ttsMaxCharacters'))}
      </div>
      {check('ttsAlsoText', t('voiceSettings.ttsAlsoText'))}
      <SaveRow save={save} saved={saved} />
    </form>
  );
}
